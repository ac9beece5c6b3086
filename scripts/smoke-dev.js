#!/usr/bin/env node
// Smoke test of the first README command, used by .ci/run: `npm run dev` on a clean clone, as a
// new user runs it. It starts the embedded PostgreSQL (scratch data folder), migrates, seeds, serves
// /health, the admin at /app and the storefront, writes dev-info.json; Ctrl-C stops all of it; a
// second start reuses the data without seeding twice, and files written into the upload and data folders
// restart nothing. Then the embedded PostgreSQL is started once
// as an unprivileged user, the other way people run it.
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { spawn, spawnSync } = require("node:child_process")
const { ROOT, getOnce } = require("./lib/medusa")
const { freePort } = require("./lib/preflight")
const { listening, waitFor } = require("./lib/wait")

const log = (m) => console.log(`[smoke-dev] ${m}`)

async function json(url, init = {}) {
  const res = await fetch(url, init)
  const body = await res.json().catch(() => null)
  return { status: res.status, body }
}

function startDev(env) {
  // Its own process group, so that SIGINT to the group is what Ctrl-C in a terminal does.
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "dev.js")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  let out = ""
  child.stdout.on("data", (d) => (out += d))
  child.stderr.on("data", (d) => (out += d))
  child.output = () => out
  return child
}

async function stopWithCtrlC(child) {
  process.kill(-child.pid, "SIGINT")
  const code = await new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    const t = setTimeout(() => resolve("timeout"), 60000)
    child.once("exit", (c) => {
      clearTimeout(t)
      resolve(c)
    })
  })
  if (code !== 0) throw new Error(`npm run dev did not exit cleanly on Ctrl-C (${code})`)
}

async function oneStart(env, infoPath, label, { checkWatcher = false } = {}) {
  fs.rmSync(infoPath, { force: true })
  const t0 = Date.now()
  const dev = startDev(env)
  try {
    await waitFor(
      "the dev-info.json banner",
      () => {
        if (dev.exitCode !== null) throw new Error(`npm run dev exited (${dev.exitCode})`)
        return fs.existsSync(infoPath)
      },
      // About a minute on a quiet machine (the first start seeds 31 shops); far longer when CI shares the cores.
      900000
    )
    const seconds = Math.round((Date.now() - t0) / 1000)
    const info = JSON.parse(fs.readFileSync(infoPath, "utf8"))
    log(`${label}: banner after ${seconds} s`)
    for (const key of ["backend_url", "admin_url", "storefront_url", "publishable_key", "admin_email", "admin_password", "merchant_email", "merchant_password"]) {
      if (!info[key]) throw new Error(`dev-info.json lacks ${key}`)
    }
    if (!dev.output().includes(info.publishable_key)) throw new Error("the banner does not print the publishable key")
    if (info.database.kind !== "embedded") throw new Error("expected the embedded PostgreSQL")

    if ((await getOnce(`${info.backend_url}/health`)) !== 200) throw new Error("/health does not answer 200")
    const app = await fetch(info.admin_url)
    const appHtml = await app.text()
    if (app.status !== 200 || !/<div id="medusa"|<html/i.test(appHtml)) throw new Error(`the admin at /app answered ${app.status}`)

    const pk = { "x-publishable-api-key": info.publishable_key }
    const regions = await json(`${info.backend_url}/store/regions`, { headers: pk })
    const china = (regions.body?.regions || []).find((r) => r.name === "中国")
    if (!china || china.currency_code !== "cny") throw new Error("the store API does not list region 中国 in CNY")
    const shops = await json(`${info.backend_url}/store/merchants?limit=1`, { headers: pk })
    const login = await json(`${info.backend_url}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: info.admin_email, password: info.admin_password }),
    })
    if (!login.body?.token) throw new Error(`the printed admin login is refused (${login.status})`)
    const merchantLogin = await json(`${info.backend_url}/auth/merchant/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: info.merchant_email, password: info.merchant_password }),
    })
    if (!merchantLogin.body?.token) throw new Error(`the printed merchant login is refused (${merchantLogin.status})`)

    // Next compiles a page on its first request in development: give it time.
    const home = await waitFor(
      "the storefront home page",
      async () => {
        const res = await fetch(info.storefront_url).catch(() => null)
        return res && res.status === 200 ? res.text() : null
      },
      180000
    )
    if (!home.includes("同城")) throw new Error("the storefront home page does not show 同城")
    log(`${label}: /health, /app, store API (中国 CNY, ${shops.body?.count} shops), admin and merchant logins, storefront: ok`)
    if (checkWatcher) await watcherLeavesDataAlone(dev)

    await stopWithCtrlC(dev)
    for (const [what, port] of [
      ["Medusa", Number(new URL(info.backend_url).port)],
      ["the storefront", Number(new URL(info.storefront_url).port)],
      ["the embedded PostgreSQL", info.database.port],
    ]) {
      await waitFor(`${what} to stop after Ctrl-C`, async () => !(await listening(port)), 20000)
    }
    log(`${label}: Ctrl-C stopped the storefront, Medusa and the embedded PostgreSQL`)
    return { info, shops: shops.body?.count, seconds }
  } catch (e) {
    try {
      process.kill(-dev.pid, "SIGINT")
    } catch {}
    console.error(dev.output().split("\n").slice(-60).join("\n"))
    throw e
  }
}

/**
 * Files written where the backend keeps uploads and local data must not restart it (issue 18: a licence
 * scan upload cost 15–20 s of downtime). Medusa's watcher logs "<file> created: restarting dev server" for
 * every event it acts on. Probe files go into each folder, then a canary into the project root, which the
 * watcher does act on. A file in a folder just created can be reported after the canary's creation (the
 * watcher first has to start watching that folder), so the check waits for the canary's removal too: tried
 * without the fix, both probes in new folders were logged between the two. None may appear in the log.
 */
async function watcherLeavesDataAlone(dev) {
  const tag = `tc-watch-probe-${process.pid}`
  const made = []
  const probes = []
  const from = dev.output().length
  try {
    for (const dir of ["private-uploads", "uploads", "static", ".data", "storefront"]) {
      const abs = path.join(ROOT, dir)
      if (!fs.existsSync(abs)) {
        fs.mkdirSync(abs)
        made.push(abs)
      }
      const file = path.join(abs, `${tag}.png`)
      fs.writeFileSync(file, "not really a picture")
      probes.push(file)
    }
    const canary = path.join(ROOT, `tc-watch-canary-${process.pid}.txt`)
    const seen = (verb) => () => {
      if (dev.exitCode !== null) throw new Error(`npm run dev exited (${dev.exitCode})`)
      return new RegExp(`${path.basename(canary).replace(/\./g, "\\.")} ${verb}: \\S+ dev server`).test(dev.output().slice(from))
    }
    fs.writeFileSync(canary, "the watcher acts on this one")
    await waitFor("Medusa's watcher to act on a file in the project root", seen("created"), 120000)
    fs.rmSync(canary)
    await waitFor("Medusa's watcher to act on its removal", seen("removed"), 120000)
    const acted = dev.output().slice(from).split("\n").filter((l) => l.includes(tag))
    if (acted.length) throw new Error(`the dev server restarted for files in upload/data folders:\n${acted.join("\n")}`)
    log("files written into private-uploads/, uploads/, static/, .data/ and storefront/ restarted nothing: ok")
  } finally {
    for (const f of probes) fs.rmSync(f, { force: true })
    for (const d of made) fs.rmSync(d, { recursive: true, force: true })
  }
}

function embeddedAsUnprivilegedUser() {
  if (process.getuid() !== 0) {
    log("running as a normal user already: the starts above were the unprivileged case")
    return
  }
  const user = "nobody"
  // The user must be able to read the checkout (node_modules holds the PostgreSQL binaries).
  const probe = spawnSync("runuser", ["-u", user, "--", "test", "-r", path.join(ROOT, "scripts", "lib", "embedded-pg.js")])
  if (probe.status !== 0) {
    log(`skipped: '${user}' cannot read this checkout (${ROOT}), so the unprivileged start was not tried`)
    return
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-pg-user-"))
  spawnSync("chown", [`${user}:`, dir])
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(ROOT, "scripts", "lib", "embedded-pg.js"))})
    const { Client } = require(${JSON.stringify(require.resolve("pg"))})
    ;(async () => {
      const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, "pg"))}, persistent: false })
      const c = new Client({ connectionString: pg.urlFor("postgres") })
      await c.connect()
      const { rows } = await c.query("select current_user as u, (select count(*) from pg_available_extensions where name in ('cube','earthdistance','pg_trgm','btree_gist'))::int as ext")
      await c.end()
      await pg.stop()
      console.log(JSON.stringify(rows[0]))
    })().catch((e) => { console.error(e.message); process.exit(1) })`
  const run = spawnSync("runuser", ["-u", user, "--", process.execPath, "-e", script], { encoding: "utf8", timeout: 120000, cwd: dir })
  fs.rmSync(dir, { recursive: true, force: true })
  if (run.status !== 0) throw new Error(`the embedded PostgreSQL did not start as '${user}': ${run.stderr || run.stdout}`)
  const row = JSON.parse(run.stdout.trim().split("\n").pop())
  if (row.ext !== 4) throw new Error(`the embedded PostgreSQL lacks cube/earthdistance/pg_trgm/btree_gist (${row.ext} of 4)`)
  log(`embedded PostgreSQL started, served and stopped as the unprivileged user '${user}': ok`)
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-dev-smoke-"))
  // Run as root, PostgreSQL runs as 'postgres', which must be able to enter the data folder's parent.
  fs.chmodSync(dataDir, 0o755)
  const env = { ...process.env, TONGCHENG_DATA_DIR: dataDir, PORT: String(await freePort()), STOREFRONT_PORT: String(await freePort()) }
  delete env.DATABASE_URL
  delete env.REDIS_URL
  delete env.NODE_ENV
  delete env.CI
  const infoPath = path.join(dataDir, "dev-info.json")
  try {
    const first = await oneStart(env, infoPath, "first start (clean data)")
    if (!(first.shops >= 30)) throw new Error(`expected the ~30 demo shops, the store lists ${first.shops}`)
    const second = await oneStart(env, infoPath, "second start (reusing the data)", { checkWatcher: true })
    if (second.info.publishable_key !== first.info.publishable_key) throw new Error("the second start made a new publishable key")
    if (second.shops !== first.shops) throw new Error(`the second start seeded again (${first.shops} → ${second.shops} shops)`)
    if (second.info.database.port !== first.info.database.port) throw new Error("the second start did not reuse the recorded PostgreSQL port")
    log(`second start reused the data (same key, ${second.shops} shops, same port): ok`)
    embeddedAsUnprivilegedUser()
    log(`npm run dev: ok (first banner ${first.seconds} s, second ${second.seconds} s)`)
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(`[smoke-dev] FAILED: ${e.message}`)
  process.exit(1)
})
