#!/usr/bin/env node
// Production smoke test used by .ci/run: migrate a scratch database, start the *built* server
// through `npm start` with the given REDIS_URL, wait for /health and the admin, then stop it.
// Needs DATABASE_URL pointing at a server where it may create `<db>_smoke`.
const { spawn } = require("node:child_process")
const { Client } = require("pg")
const path = require("node:path")
const { runMedusa, waitForHealth, getOnce, ROOT } = require("./lib/medusa")

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
  const port = String(9500 + Math.floor(Math.random() * 400))
  const env = {
    ...process.env,
    DATABASE_URL: u.toString(),
    NODE_ENV: "production",
    PORT: port,
    JWT_SECRET: process.env.JWT_SECRET || "smoke-jwt-secret",
    COOKIE_SECRET: process.env.COOKIE_SECRET || "smoke-cookie-secret",
  }
  console.log("[smoke] migrating a scratch database …")
  await runMedusa(["db:migrate"], { env, quiet: true })
  console.log(`[smoke] npm start on port ${port} with REDIS_URL=${env.REDIS_URL || "(unset)"} …`)
  const server = spawn(process.execPath, [path.join(ROOT, "scripts", "start.js")], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  })
  const base_url = `http://localhost:${port}`
  const healthy = await waitForHealth(base_url, { child: server, timeoutMs: 120000 })
  const adminStatus = healthy ? await getOnce(`${base_url}/app`) : 0
  server.kill("SIGTERM")
  await new Promise((r) => {
    server.once("exit", r)
    setTimeout(() => {
      server.kill("SIGKILL")
      r()
    }, 20000).unref()
  })
  const cleanup = new Client({ connectionString: base })
  await cleanup.connect()
  await cleanup.query(`drop database if exists ${dbName} with (force)`)
  await cleanup.end()
  if (!healthy) throw new Error("the built server never answered /health")
  if (adminStatus !== 200) throw new Error(`the built admin at /app answered ${adminStatus}`)
  console.log("[smoke] built server answered /health and served the admin at /app: ok")
}

main().catch((e) => {
  console.error(`[smoke] FAILED: ${e.message}`)
  process.exit(1)
})
