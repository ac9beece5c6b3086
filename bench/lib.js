// Shared pieces of the benchmarks: a database to work in, timing helpers, a Medusa server.
const path = require("node:path")
const net = require("node:net")
const { spawn } = require("node:child_process")
const { Client } = require("pg")
const { startEmbeddedPostgres, ensureDatabase } = require("../scripts/lib/embedded-pg")
const { runMedusa, waitForHealth, ROOT, MEDUSA_BIN } = require("../scripts/lib/medusa")

function args(defaults) {
  const out = { ...defaults }
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    const m = argv[i].match(/^--([\w-]+)(?:=(.*))?$/)
    if (!m) continue
    const key = m[1].replace(/-/g, "_")
    const value = m[2] ?? (argv[i + 1] && !argv[i + 1].startsWith("--") ? argv[++i] : "true")
    out[key] = typeof defaults[key] === "number" ? Number(value) : value
  }
  return out
}

/** A scratch database: on DATABASE_URL's server if given, otherwise on an embedded PostgreSQL. */
async function scratchDatabase(name) {
  let pg = null
  let adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    pg = await startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data", "pg-bench"), persistent: false })
    adminUrl = pg.urlFor("postgres")
  }
  const c = new Client({ connectionString: adminUrl })
  await c.connect()
  await c.query(`drop database if exists ${name} with (force)`)
  await c.end()
  await ensureDatabase(adminUrl, name)
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return { url: u.toString(), stop: async () => pg && pg.stop() }
}

function percentile(sorted, p) {
  if (!sorted.length) return null
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

function summarize(samplesMs) {
  const s = [...samplesMs].sort((a, b) => a - b)
  const total = s.reduce((a, b) => a + b, 0)
  return {
    n: s.length,
    p50_ms: round(percentile(s, 50)),
    p99_ms: round(percentile(s, 99)),
    mean_ms: round(total / s.length),
    throughput_per_s: round((s.length / total) * 1000),
  }
}
const round = (x) => (x == null ? null : Math.round(x * 1000) / 1000)

async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts this project's Medusa (`medusa start`, no admin) on a free port against `databaseUrl`;
 * `args` are extra `medusa start` arguments (e.g. ["--cluster", "2"]).
 */
async function startServer(databaseUrl, extraEnv = {}, args = []) {
  const port = await freePort()
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    DISABLE_MEDUSA_ADMIN: "true",
    JWT_SECRET: process.env.JWT_SECRET || "bench-only-secret",
    COOKIE_SECRET: process.env.COOKIE_SECRET || "bench-only-secret",
    LOG_LEVEL: "error",
    MEDUSA_FF_CACHING: process.env.MEDUSA_FF_CACHING || "false",
    ...extraEnv,
  }
  // The server's own log goes to a file: its shutdown noise would bury the JSON result.
  const fs = require("node:fs")
  fs.mkdirSync(path.join(ROOT, ".data"), { recursive: true })
  const log = fs.openSync(path.join(ROOT, ".data", "bench-server.log"), "w")
  const child = spawn(MEDUSA_BIN, ["start", ...args], { cwd: ROOT, env, stdio: ["ignore", log, log], detached: true })
  const url = `http://localhost:${port}`
  if (!(await waitForHealth(url, { child, timeoutMs: 180000 }))) throw new Error("the server did not start")
  return {
    url,
    /** Process group of the server (with --cluster, the primary and its workers). */
    pgid: child.pid,
    stop: () =>
      new Promise((r) => {
        child.once("exit", r)
        try {
          process.kill(-child.pid, "SIGTERM")
        } catch {
          r()
        }
      }),
  }
}

module.exports = { args, scratchDatabase, summarize, startServer, runMedusa, ROOT }
