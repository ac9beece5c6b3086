// HTTPS smoke, run by scripts/smoke-production.js while its built server is up (one build, one server
// start for both): a self-signed certificate made with openssl, the nginx configuration rendered from
// deploy/ with test ports, nginx started on a scratch prefix in front of that server and of the built
// storefront (`next start`), then the production smoke's checks over HTTPS and what the proxy itself
// promises: redirect to HTTPS, HSTS, security headers, gzip, 413 above the upload limits, callbacks
// reaching Medusa, Medusa's Secure cookie behind the proxy, and failover between upstream instances.
// Without nginx (Debian package `nginx`) or openssl it fails and says so: it never passes unrun.
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const https = require("node:https")
const http = require("node:http")
const zlib = require("node:zlib")
const { spawn, spawnSync } = require("node:child_process")
const { Client } = require("pg")
const { ROOT } = require("./lib/medusa")
const { freePort } = require("./lib/preflight")
const { listening, waitFor } = require("./lib/wait")
const { render } = require("../deploy/render-nginx")

const NGINX = process.env.NGINX_BIN || "/usr/sbin/nginx"
const SHOP = "shop.localhost"
const API = "api.localhost"
const NEXT_BIN = path.join(ROOT, "storefront", "node_modules", "next", "dist", "bin", "next")
const log = (m) => console.log(`[smoke-https] ${m}`)

/**
 * @param {object} o
 * @param {number} o.backendPort  the running built Medusa server
 * @param {string} o.databaseUrl  its database (for the publishable key the storefront needs)
 * @param {{ email: string, password: string }} o.operator  the operator it seeded
 * @param {(base: string, request: Function) => Promise<unknown>} o.approveAShop  the production smoke's shop
 *   application and approval, given the HTTPS base URL and a request function with the smoke's `call` shape
 */
async function smokeHttps({ backendPort, databaseUrl, operator, approveAShop }) {
  if (!fs.existsSync(NGINX)) {
    throw new Error(`nginx is not installed (${NGINX}; apt-get install -y nginx): the HTTPS smoke could not run`)
  }
  if (spawnSync("openssl", ["version"]).status !== 0) throw new Error("openssl is not installed: the HTTPS smoke could not run")
  if (!fs.existsSync(path.join(ROOT, "storefront", ".next", "BUILD_ID"))) throw new Error("no storefront build (storefront/.next): run `npm run build` first")

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-https-smoke-"))
  // Run as root, nginx's workers are `nobody`: they must be able to enter the prefix.
  fs.chmodSync(dir, 0o755)
  const ports = { http: await freePort(), https: await freePort(), internal: await freePort(), storefront: await freePort(), stopped: await freePort() }
  let nginx = null
  let storefront = null
  try {
    // --------------------------------------------------------------- certificate, storefront, nginx
    const cert = path.join(dir, "cert.pem")
    const key = path.join(dir, "key.pem")
    const made = spawnSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", key, "-out", cert, "-subj", "/CN=tongcheng smoke", "-addext", `subjectAltName=DNS:${SHOP},DNS:${API}`],
      { encoding: "utf8" }
    )
    if (made.status !== 0) throw new Error(`openssl could not make the test certificate: ${made.stderr}`)
    const ca = fs.readFileSync(cert)

    const publishableKey = await readPublishableKey(databaseUrl)
    storefront = startProcess(process.execPath, [NEXT_BIN, "start", "-p", String(ports.storefront)], {
      cwd: path.join(ROOT, "storefront"),
      env: {
        ...process.env,
        NODE_ENV: "production",
        // Server-side calls go through nginx's loopback listener, balanced like everything else.
        MEDUSA_BACKEND_URL: `http://127.0.0.1:${ports.internal}`,
        NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: publishableKey,
        STOREFRONT_URL: `https://${SHOP}:${ports.https}`,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    })

    const site = render({
      NGINX_SHOP_HOST: SHOP,
      NGINX_API_HOST: API,
      NGINX_TLS_CERT: cert,
      NGINX_TLS_KEY: key,
      // Two instances, the first of them stopped (nothing listens there): every request must still be
      // answered, by the running one.
      NGINX_API_SERVERS: `127.0.0.1:${ports.stopped},127.0.0.1:${backendPort}`,
      NGINX_STOREFRONT_SERVER: `127.0.0.1:${ports.storefront}`,
      NGINX_HTTP_LISTEN: `127.0.0.1:${ports.http}`,
      NGINX_HTTPS_LISTEN: `127.0.0.1:${ports.https}`,
      NGINX_INTERNAL_API_LISTEN: `127.0.0.1:${ports.internal}`,
      NGINX_ACME_ROOT: path.join(dir, "acme"),
    })
    fs.writeFileSync(path.join(dir, "tongcheng.conf"), site)
    // What Debian's /etc/nginx/nginx.conf provides around a site file, on a scratch prefix.
    const mime = fs.existsSync("/etc/nginx/mime.types") ? "include /etc/nginx/mime.types;" : ""
    fs.writeFileSync(
      path.join(dir, "nginx.conf"),
      `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  ${mime}
  default_type application/octet-stream;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  gzip on;
  include ${dir}/tongcheng.conf;
}
`
    )
    const nginxArgs = ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")]
    const test = spawnSync(NGINX, [...nginxArgs, "-t"], { encoding: "utf8" })
    if (test.status !== 0) throw new Error(`nginx -t refused the rendered configuration:\n${test.stderr}`)
    nginx = startProcess(NGINX, [...nginxArgs, "-g", "daemon off;"], { cwd: dir })
    await waitFor("nginx to listen", async () => {
      if (nginx.exitCode !== null) throw new Error(`nginx exited (${nginx.exitCode})`)
      return (await listening(ports.https)) && (await listening(ports.http))
    }, 30000)
    await waitFor("the storefront (next start) to answer", async () => {
      if (storefront.exitCode !== null) throw new Error(`next start exited (${storefront.exitCode})`)
      return listening(ports.storefront)
    }, 120000)

    const api = `https://${API}:${ports.https}`
    const shop = `https://${SHOP}:${ports.https}`
    const get = (url, opts = {}) => request(url, { ca, ...opts })

    // --------------------------------------------------------------- HTTP → HTTPS
    for (const host of [SHOP, API]) {
      const r = await get(`http://${host}:${ports.http}/some/path?x=1`)
      const want = `https://${host}:${ports.https}/some/path?x=1`
      if (r.status !== 301 || r.headers.location !== want) throw new Error(`http://${host} answered ${r.status} → ${r.headers.location}, expected 301 → ${want}`)
    }
    log("plain HTTP redirects to HTTPS (both hosts, path and query kept): ok")

    // --------------------------------------------------------------- the production smoke's checks
    const health = await get(`${api}/health`)
    if (health.status !== 200) throw new Error(`/health over HTTPS answered ${health.status}`)
    const admin = await get(`${api}/app`)
    if (admin.status !== 200 || !/<html/i.test(admin.text())) throw new Error(`the admin at /app over HTTPS answered ${admin.status}`)
    await approveAShop(api, (base, method, route, body, token, headers) => callJson(base, method, route, body, token, headers, ca))
    log("over HTTPS, through an upstream whose first instance is stopped: /health, the admin at /app, a shop applied for and approved: ok")

    // --------------------------------------------------------------- headers: API
    const expectHeaders = (what, r, wanted) => {
      for (const [name, test] of Object.entries(wanted)) {
        const v = r.headers[name]
        if (!v || !(test instanceof RegExp ? test.test(v) : v === test)) throw new Error(`${what}: header ${name} is ${JSON.stringify(v)}, expected ${test}`)
      }
    }
    const hsts = /^max-age=\d{7,}/
    expectHeaders("an API answer (/health)", health, {
      "strict-transport-security": hsts,
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    })
    const notFound = await get(`${api}/store/no-such-route`)
    expectHeaders(`an API error (${notFound.status})`, notFound, { "x-content-type-options": "nosniff", "strict-transport-security": hsts })
    expectHeaders("the admin at /app", admin, { "content-security-policy": "frame-ancestors 'none'", "x-frame-options": "DENY" })
    log("API answers, errors and the admin carry HSTS, nosniff, X-Frame-Options, Referrer-Policy and their CSP: ok")

    // --------------------------------------------------------------- storefront page
    let page = await get(`${shop}/`)
    for (let hops = 0; page.status >= 300 && page.status < 400 && hops < 3; hops++) page = await get(new URL(page.headers.location, shop).toString())
    if (page.status !== 200 || !page.text().includes("同城")) throw new Error(`the storefront over HTTPS answered ${page.status} without 同城`)
    expectHeaders("a storefront page", page, {
      "strict-transport-security": hsts,
      "content-security-policy": /script-src 'self' 'unsafe-inline' https:\/\/js\.stripe\.com.*frame-ancestors 'none'/,
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
    })
    if (/unsafe-eval/.test(page.headers["content-security-policy"])) throw new Error("the production storefront allows 'unsafe-eval'")
    log(`storefront page ${new URL(page.url).pathname} over HTTPS (its data fetched through nginx's loopback listener) with HSTS, CSP, frame, nosniff and referrer headers: ok`)

    // --------------------------------------------------------------- gzip
    // A list that is surely above gzip_min_length (512 bytes): the shop just approved, with its hours.
    const { token } = await callJson(api, "POST", "/auth/user/emailpass", operator, null, {}, ca)
    const shops = await get(`${api}/admin/merchants`, { headers: { authorization: `Bearer ${token}`, "accept-encoding": "gzip" } })
    if (shops.headers["content-encoding"] !== "gzip") throw new Error(`/admin/merchants (${shops.body.length} bytes) came back ${shops.headers["content-encoding"] || "uncompressed"}, not gzip`)
    const decoded = JSON.parse(zlib.gunzipSync(shops.body).toString("utf8"))
    if (!decoded.merchants?.length) throw new Error("the gzipped /admin/merchants does not decode to the shops")
    const zipped = await get(page.url, { headers: { "accept-encoding": "gzip" } })
    if (zipped.headers["content-encoding"] !== "gzip") throw new Error(`the storefront page came back ${zipped.headers["content-encoding"] || "uncompressed"}, not gzip`)
    log("gzip on API JSON and storefront pages: ok")

    // --------------------------------------------------------------- upload limits
    const twoMb = Buffer.alloc(2 * 1024 * 1024, "a")
    const big = await get(`${api}/store/carts`, { method: "POST", body: twoMb, headers: { "content-type": "application/json", "x-publishable-api-key": publishableKey } })
    if (big.status !== 413 || !/nginx/i.test(big.text())) throw new Error(`a 2 MB body to /store/carts answered ${big.status}, expected nginx's 413`)
    const upload = await get(`${api}/vendor/uploads`, { method: "POST", body: twoMb, headers: { "content-type": "application/json" } })
    if (upload.status === 413 || upload.status >= 500 || !upload.headers["content-type"]?.includes("json")) {
      throw new Error(`a 2 MB body to /vendor/uploads answered ${upload.status} (${upload.headers["content-type"]}), expected Medusa's own answer`)
    }
    const huge = await headersOnly(`${api}/vendor/uploads`, 61 * 1024 * 1024, ca)
    if (huge !== 413) throw new Error(`61 MB announced to /vendor/uploads answered ${huge}, expected 413`)
    log(`upload limits: 2 MB refused with 413 by nginx on /store/carts, passed to Medusa on /vendor/uploads (${upload.status}), 61 MB refused there: ok`)

    // --------------------------------------------------------------- gateway callbacks and the Secure cookie
    for (const [route, body, type] of [
      ["/hooks/wechatpay", JSON.stringify({ id: "smoke", resource: {} }), "application/json"],
      ["/hooks/alipay", "notify_id=smoke&trade_status=TRADE_SUCCESS", "application/x-www-form-urlencoded"],
      ["/hooks/payment/system_default", JSON.stringify({ smoke: true }), "application/json"],
    ]) {
      const viaProxy = await get(`${api}${route}`, { method: "POST", body: Buffer.from(body), headers: { "content-type": type } })
      const direct = await request(`http://127.0.0.1:${backendPort}${route}`, { method: "POST", body: Buffer.from(body), headers: { "content-type": type } })
      if (viaProxy.status === 502 || viaProxy.status === 504 || viaProxy.status !== direct.status || viaProxy.text() !== direct.text()) {
        throw new Error(`POST ${route} through nginx answered ${viaProxy.status} ${viaProxy.text().slice(0, 120)}, Medusa itself ${direct.status} ${direct.text().slice(0, 120)}`)
      }
    }
    const session = await get(`${api}/auth/session`, { method: "POST", headers: { authorization: `Bearer ${token}` } })
    const cookie = [].concat(session.headers["set-cookie"] || []).find((c) => c.startsWith("connect.sid="))
    if (session.status !== 200 || !cookie || !/;\s*Secure/i.test(cookie)) {
      throw new Error(`POST /auth/session over HTTPS answered ${session.status} with cookie ${cookie || "(none)"}: Medusa did not see the request as HTTPS`)
    }
    log("gateway callbacks (/hooks/wechatpay, /hooks/alipay, /hooks/payment/*) reach Medusa unchanged; the admin session cookie is Secure behind the proxy: ok")
  } catch (e) {
    const errorLog = path.join(dir, "error.log")
    if (fs.existsSync(errorLog)) console.error(`--- nginx error log\n${fs.readFileSync(errorLog, "utf8").split("\n").slice(-30).join("\n")}`)
    if (storefront) console.error(`--- next start\n${storefront.output().split("\n").slice(-30).join("\n")}`)
    throw e
  } finally {
    if (nginx) await stopProcess(nginx, "SIGQUIT")
    if (storefront) await stopProcess(storefront, "SIGTERM")
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function readPublishableKey(databaseUrl) {
  const c = new Client({ connectionString: databaseUrl })
  await c.connect()
  try {
    const { rows } = await c.query("select token from api_key where type = 'publishable' and revoked_at is null and deleted_at is null limit 1")
    if (!rows[0]) throw new Error("the smoke database has no publishable key")
    return rows[0].token
  } finally {
    await c.end()
  }
}

/**
 * One request, no redirects followed, body kept as bytes (so gzip can be checked as sent). `host:port`
 * names the virtual host; the connection goes to 127.0.0.1 with that name as SNI and Host.
 */
function request(url, { method = "GET", headers = {}, body, ca } = {}) {
  const u = new URL(url)
  const mod = u.protocol === "https:" ? https : http
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        host: "127.0.0.1",
        port: u.port,
        path: u.pathname + u.search,
        method,
        servername: u.hostname,
        ca,
        headers: { host: u.host, ...(body ? { "content-length": body.length } : {}), ...headers },
      },
      (res) => {
        const chunks = []
        res.on("data", (d) => chunks.push(d))
        res.on("end", () => {
          const buf = Buffer.concat(chunks)
          resolve({ url, status: res.statusCode, headers: res.headers, body: buf, text: () => buf.toString("utf8") })
        })
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    req.end(body)
  })
}

/** The smoke's `call` (JSON in and out, 4xx/5xx thrown) over HTTPS with the test CA. */
async function callJson(base, method, route, body, token, headers = {}, ca) {
  const r = await request(`${base}${route}`, {
    method,
    ca,
    body: body ? Buffer.from(JSON.stringify(body)) : undefined,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  })
  let data = {}
  try {
    data = JSON.parse(r.text())
  } catch {}
  if (r.status >= 400) throw new Error(`${method} ${route} over HTTPS answered ${r.status}: ${r.text().slice(0, 300)}`)
  return data
}

/** Announces a body of `size` bytes without sending it: what the proxy answers to the headers alone. */
function headersOnly(url, size, ca) {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: "127.0.0.1",
      port: u.port,
      path: u.pathname,
      method: "POST",
      servername: u.hostname,
      ca,
      headers: { host: u.host, "content-type": "application/json", "content-length": size },
    })
    req.on("response", (res) => {
      res.resume()
      req.destroy()
      resolve(res.statusCode)
    })
    req.on("error", reject)
    req.flushHeaders()
  })
}

function startProcess(cmd, args, opts) {
  const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  child.stdout.on("data", (d) => (out += d))
  child.stderr.on("data", (d) => (out += d))
  child.output = () => out
  return child
}

function stopProcess(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return
  return new Promise((resolve) => {
    child.once("exit", resolve)
    child.kill(signal)
    setTimeout(() => {
      child.kill("SIGKILL")
      resolve()
    }, 20000).unref()
  })
}

module.exports = { smokeHttps }
