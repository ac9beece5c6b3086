#!/usr/bin/env node
// `npm start`: runs the built server (.medusa/server, made by `npm run build`) in production mode.
// Extra arguments go to `medusa start`, e.g. `npm start -- --cluster 4`.
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

  const child = spawn(MEDUSA_BIN, ["start", ...process.argv.slice(2)], {
    cwd: serverDir,
    env: process.env,
    stdio: "inherit",
  })
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig))
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}

main().catch(exitOnSetupError)
