#!/usr/bin/env node
// `npm test`: unit, module-integration and HTTP-integration suites on a real PostgreSQL.
// Uses DATABASE_URL or DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when given; otherwise starts an
// embedded PostgreSQL for the run (fresh data folder) and stops it afterwards.
// Extra arguments go to Jest: `npm test -- integration-tests/http/platform.spec.ts`.
const path = require("node:path")
const fs = require("node:fs")
const { spawn } = require("node:child_process")
const { loadEnv } = require("@medusajs/framework/utils")
const { startEmbeddedPostgres } = require("./lib/embedded-pg")
const { assertDatabaseReachable, exitOnSetupError } = require("./lib/preflight")
const { ROOT } = require("./lib/medusa")

function dbEnvFromUrl(url) {
  const u = new URL(url)
  // @medusajs/test-utils turns SSL on for any host but "localhost".
  const host = ["127.0.0.1", "::1", "[::1]"].includes(u.hostname) ? "localhost" : u.hostname
  return {
    DB_HOST: host,
    DB_PORT: u.port || "5432",
    DB_USERNAME: decodeURIComponent(u.username || "postgres"),
    DB_PASSWORD: decodeURIComponent(u.password || ""),
  }
}

async function main() {
  process.chdir(ROOT)
  loadEnv("test", ROOT)
  // Medusa logs every migration at info level; keep the test output to what went wrong.
  const env = { LOG_LEVEL: "error", ...process.env, NODE_ENV: "test" }

  let pg = null
  if (env.DB_HOST) {
    env.DB_USERNAME = env.DB_USERNAME || "postgres"
    console.log(`[test] PostgreSQL from DB_HOST: ${env.DB_HOST}:${env.DB_PORT || 5432}`)
  } else if (env.DATABASE_URL) {
    await assertDatabaseReachable(env.DATABASE_URL)
    Object.assign(env, dbEnvFromUrl(env.DATABASE_URL))
    console.log(`[test] PostgreSQL from DATABASE_URL: ${env.DB_HOST}:${env.DB_PORT}`)
  } else {
    console.log("[test] no DATABASE_URL or DB_HOST: starting an embedded PostgreSQL for this run …")
    pg = await startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data", "pg-test"), persistent: false })
    Object.assign(env, dbEnvFromUrl(pg.urlFor("postgres")))
    console.log(`[test] embedded PostgreSQL on port ${pg.port}`)
  }
  // Each suite creates its own database from this URL; the app itself must not see another.
  delete env.DATABASE_URL

  // Only the Redis suite runs on Redis; the rest stay on the deterministic in-memory modules.
  if (env.REDIS_URL) env.TEST_REDIS_URL = env.REDIS_URL
  delete env.REDIS_URL

  const jestBin = path.join(ROOT, "node_modules", "jest", "bin", "jest.js")
  const resultsFile = path.join(ROOT, ".data", "jest-results.json")
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true })
  fs.rmSync(resultsFile, { force: true })
  // Suites run in two workers (one per core of the machines CI uses): each pays for its own app boot and
  // migrations, mostly waiting on PostgreSQL, so two at a time nearly halve the run. TEST_WORKERS=1 runs
  // them one after another.
  const workers = Number(env.TEST_WORKERS || 2)
  const parallel = workers > 1 ? [`--maxWorkers=${workers}`] : ["--runInBand"]
  const args = ["--expose-gc", "--experimental-vm-modules", "--no-warnings=ExperimentalWarning", jestBin, ...parallel, "--forceExit", "--json", `--outputFile=${resultsFile}`, ...process.argv.slice(2)]
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" })
  const stop = async () => {
    if (pg) await pg.stop()
  }
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => child.kill(sig))
  }
  child.on("exit", async (code, signal) => {
    await stop()
    // One plain closing line that any CI can read, whatever Jest's own summary looks like.
    if (fs.existsSync(resultsFile)) {
      const r = JSON.parse(fs.readFileSync(resultsFile, "utf8"))
      const skipped = r.numPendingTests + r.numTodoTests
      console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
      if (r.numFailedTestSuites && !r.numFailedTests) {
        console.log(`suites that failed to run: ${r.numFailedTestSuites}`)
      }
    }
    process.exit(code ?? (signal ? 1 : 0))
  })
}

main().catch(exitOnSetupError)
