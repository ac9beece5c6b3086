#!/usr/bin/env node
// `npm start`: runs the built server (.medusa/server, made by `npm run build`) in production mode.
// Extra arguments go to `medusa start`, e.g. `npm start -- --cluster 4`.
// package.json runs it as `exec node scripts/start.js`: npm passes SIGTERM only to the shell it starts a
// script in, and that shell dies of it without passing it on: npm exited at once and the server, never
// told, ran on until killed (in a container at once, npm being PID 1), mid-checkout. With exec, npm's
// child is this script itself.
// On SIGTERM/SIGINT each server process drains (see src/lib/graceful-shutdown.ts) and this script exits
// with Medusa's code.
const path = require("node:path")
const fs = require("node:fs")
const { spawn } = require("node:child_process")
const { loadEnv } = require("@medusajs/framework/utils")
const {
  assertPortFree,
  assertDatabaseReachable,
  assertDatabaseUrlShape,
  exitOnSetupError,
  SetupError,
} = require("./lib/preflight")
const { ROOT, MEDUSA_BIN } = require("./lib/medusa")

/** SHUTDOWN_TIMEOUT_MS: the same reading as src/lib/graceful-shutdown.ts, which the server itself uses. */
function parseShutdownTimeout(raw) {
  if (raw === undefined || raw.trim() === "") return 30000
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null
}

async function main() {
  process.env.NODE_ENV = process.env.NODE_ENV || "production"
  loadEnv(process.env.NODE_ENV, ROOT)
  if (!process.env.DATABASE_URL) {
    throw new SetupError(
      "DATABASE_URL is not set. Production needs an external PostgreSQL (`npm run dev` is the one that embeds one)."
    )
  }
  if (process.env.NODE_ENV === "production") {
    const missing = ["JWT_SECRET", "COOKIE_SECRET"].filter((k) => !process.env[k])
    if (missing.length) {
      throw new SetupError(`${missing.join(" and ")} must be set in production (long random strings).`)
    }
  }
  const shutdownMs = parseShutdownTimeout(process.env.SHUTDOWN_TIMEOUT_MS)
  if (shutdownMs === null) {
    throw new SetupError(`SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds, got "${process.env.SHUTDOWN_TIMEOUT_MS}".`)
  }

  const mode = process.env.MEDUSA_WORKER_MODE || "shared"
  if (!["shared", "server", "worker"].includes(mode)) {
    throw new SetupError(`MEDUSA_WORKER_MODE must be shared, server or worker, got "${mode}".`)
  }
  if (mode !== "shared" && !process.env.REDIS_URL) {
    throw new SetupError(
      `MEDUSA_WORKER_MODE=${mode} splits work across processes, which needs REDIS_URL for the shared event bus and workflow engine.`
    )
  }
  assertDatabaseUrlShape(process.env.DATABASE_URL)
  const serverDir = path.join(ROOT, ".medusa", "server")
  if (!fs.existsSync(path.join(serverDir, "medusa-config.js"))) {
    throw new SetupError("No built server in .medusa/server. Run `npm run build` first.")
  }
  await assertDatabaseReachable(process.env.DATABASE_URL)
  // A worker listens on PORT too (it answers only /health, for the orchestrator): next to a server on
  // one host it needs a PORT of its own.
  await assertPortFree(process.env.PORT || "9000", mode === "worker" ? "the Medusa worker" : "Medusa")

  // Its own process group: with `--cluster N` Medusa's primary does not pass a signal on to its workers
  // (it only stops re-forking them), so a stop must reach the whole group for the workers to drain.
  const child = spawn(MEDUSA_BIN, ["start", ...process.argv.slice(2)], {
    cwd: serverDir,
    env: process.env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  })
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig)
    } catch {
      // Already gone.
    }
  }
  let stopping = false
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      signalGroup(sig)
      if (stopping) return
      stopping = true
      // Each server process bounds its own drain (src/lib/graceful-shutdown.ts); this is the last resort
      // should one of them, or the cluster's primary, still hang after that.
      setTimeout(() => {
        console.error(`[start] Medusa had not exited ${Math.round(shutdownMs / 1000) + 20} s after ${sig}: killing it`)
        signalGroup("SIGKILL")
        process.exit(1)
      }, shutdownMs + 20000).unref()
    })
  }
  // Whatever ends this wrapper ends the group it started.
  process.on("exit", () => child.exitCode === null && child.signalCode === null && signalGroup("SIGKILL"))
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}

main().catch(exitOnSetupError)
