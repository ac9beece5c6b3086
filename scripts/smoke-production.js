#!/usr/bin/env node
// Production smoke test used by .ci/run: migrate a scratch database, start the *built* server
// through `npm start` with the given REDIS_URL, wait for /health and the admin, then stop it; then
// run the scale-out shape (a server without the admin + a worker on Redis) and check that work
// raised on the server is done by the worker.
// Needs DATABASE_URL pointing at a server where it may create `<db>_smoke`.
const { spawn } = require("node:child_process")
const { Client } = require("pg")
const path = require("node:path")
const { runMedusa, waitForHealth, getOnce, ROOT } = require("./lib/medusa")
const { freePort } = require("./lib/preflight")

async function main() {
  const base = process.env.DATABASE_URL
  if (!base) throw new Error("smoke-production needs DATABASE_URL")
  const u = new URL(base)
  const dbName = "tongcheng_smoke"
  const admin = new Client({ connectionString: base })
  await admin.connect()
  await admin.query(`drop database if exists ${dbName} with (force)`)
  await admin.query(`create database ${dbName}`)
  await admin.end()
  u.pathname = `/${dbName}`
  const env = {
    ...process.env,
    DATABASE_URL: u.toString(),
    NODE_ENV: "production",
    JWT_SECRET: process.env.JWT_SECRET || "smoke-jwt-secret",
    COOKIE_SECRET: process.env.COOKIE_SECRET || "smoke-cookie-secret",
  }
  console.log("[smoke] migrating a scratch database …")
  await runMedusa(["db:migrate"], { env, quiet: true })
  const running = []
  try {
    // 1. One shared process (HTTP + background work), as a single-host deployment runs it.
    const shared = await startBuilt("shared", { ...env, PORT: String(await freePort()) }, running)
    if (!shared.healthy) throw new Error("the built server never answered /health")
    const adminStatus = await getOnce(`${shared.url}/app`)
    if (adminStatus !== 200) throw new Error(`the built admin at /app answered ${adminStatus}`)
    console.log("[smoke] built server answered /health and served the admin at /app: ok")
    await stop(shared.child)

    // 2. The scale-out shape: an API-only server without the dashboard and one worker, sharing
    // PostgreSQL and Redis. An event raised by a request on the server must be handled by a
    // subscriber on the worker (the server runs none).
    if (!env.REDIS_URL) {
      console.log("[smoke] skipped the server + worker split: REDIS_URL is not set")
      return
    }
    const server = await startBuilt("server", { ...env, PORT: String(await freePort()), MEDUSA_WORKER_MODE: "server", DISABLE_MEDUSA_ADMIN: "true" }, running)
    const worker = await startBuilt("worker", { ...env, PORT: String(await freePort()), MEDUSA_WORKER_MODE: "worker" }, running)
    if (!server.healthy || !worker.healthy) throw new Error("the server or the worker never answered /health")
    const noAdmin = await getOnce(`${server.url}/app`)
    if (noAdmin === 200) throw new Error("DISABLE_MEDUSA_ADMIN=true still served the admin at /app")
    const merchantId = await approveAShop(server.url, u.toString())
    const indexed = await until(async () => {
      const c = new Client({ connectionString: u.toString() })
      await c.connect()
      try {
        const { rowCount } = await c.query("select 1 from nearby_merchant_doc where id = $1", [merchantId])
        return rowCount > 0
      } finally {
        await c.end()
      }
    }, 60000)
    if (!indexed) throw new Error("the worker never indexed the shop approved on the server (merchant.approved not handled)")
    console.log("[smoke] server (admin off: /app " + noAdmin + ") + worker: the shop approved on the server was indexed by the worker: ok")
  } finally {
    for (const child of running) await stop(child)
    const cleanup = new Client({ connectionString: base })
    await cleanup.connect()
    await cleanup.query(`drop database if exists ${dbName} with (force)`)
    await cleanup.end()
  }
}

async function until(fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await fn()) return true
    await new Promise((r) => setTimeout(r, 500))
  }
  return false
}

async function startBuilt(label, env, running) {
  console.log(`[smoke] npm start (${label}) on port ${env.PORT} with REDIS_URL=${env.REDIS_URL || "(unset)"} …`)
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.js")], { cwd: ROOT, env, stdio: "inherit" })
  running.push(child)
  const url = `http://localhost:${env.PORT}`
  const healthy = await waitForHealth(url, { child, timeoutMs: 120000 })
  return { child, url, healthy }
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill("SIGTERM")
  await new Promise((r) => {
    child.once("exit", r)
    setTimeout(() => {
      child.kill("SIGKILL")
      r()
    }, 20000).unref()
  })
}

async function call(base, method, route, body, token) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const data = await res.json().catch(() => ({}))
  if (res.status >= 400) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(data).slice(0, 300)}`)
  return data
}

/** An operator account, a category, a shop's application and its approval, all over the server's HTTP API. */
async function approveAShop(base, databaseUrl) {
  await runMedusa(["user", "-e", "ops@smoke.test", "-p", "smoke-pass-1"], { env: { ...process.env, DATABASE_URL: databaseUrl }, quiet: true })
  const { token: admin } = await call(base, "POST", "/auth/user/emailpass", { email: "ops@smoke.test", password: "smoke-pass-1" })
  await call(base, "POST", "/admin/merchant-categories", { slug: "beauty", name_zh: "美容美发", name_en: "Beauty" }, admin)
  const { token: reg } = await call(base, "POST", "/auth/merchant/emailpass/register", { email: "shop@smoke.test", password: "shop-pass-1" })
  const { makeValidUSCC } = require(path.join(ROOT, ".medusa", "server", "src", "modules", "merchant", "utils"))
  const hours = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "21:00" }]]))
  const { merchant } = await call(base, "POST", "/vendor/merchants", {
    name: "冒烟测试理发店",
    category: "beauty",
    phone: "13800138000",
    province: "上海市",
    city: "上海",
    district: "静安区",
    street: "南京西路 1 号",
    lat: 31.2286,
    lng: 121.4547,
    business_hours: { weekly: hours },
    licence_code: makeValidUSCC(7),
    legal_name: "上海冒烟测试美发有限公司",
    owner: { name: "店主" },
  }, reg)
  await call(base, "POST", `/admin/merchants/${merchant.id}/approve`, {}, admin)
  return merchant.id
}

main().catch((e) => {
  console.error(`[smoke] FAILED: ${e.message}`)
  process.exit(1)
})
