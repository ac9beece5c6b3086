// Parent side of embedded-pg-server.mjs: start it, wait for it to be ready, stop it.
const { fork } = require("node:child_process")
const path = require("node:path")
const fs = require("node:fs")
const { Client } = require("pg")

const STATE_FILE = "embedded-pg.json"

/**
 * Starts (or reuses) an embedded PostgreSQL with its data in `dataDir`.
 * Returns the port, an admin connection URL builder and a stop function.
 */
async function startEmbeddedPostgres({ dataDir, persistent = true, stateDir, timeoutMs = 60000 }) {
  const statePath = stateDir ? path.join(stateDir, STATE_FILE) : null
  let preferredPort = 0
  if (statePath && fs.existsSync(statePath)) {
    try {
      preferredPort = JSON.parse(fs.readFileSync(statePath, "utf8")).port || 0
    } catch {
      preferredPort = 0
    }
  }

  const child = fork(path.join(__dirname, "embedded-pg-server.mjs"), [], {
    env: {
      ...process.env,
      TC_PG_DATA_DIR: dataDir,
      TC_PG_PERSISTENT: String(persistent),
      TC_PG_PORT: String(preferredPort),
    },
    // Its own process group: Ctrl-C in the terminal reaches Medusa, not the database,
    // so the database is stopped last, by us.
    detached: true,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  })
  let stderr = ""
  child.stderr.on("data", (d) => (stderr += d.toString()))

  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM")
      reject(new Error(`Embedded PostgreSQL did not become ready within ${timeoutMs / 1000}s.\n${stderr}`))
    }, timeoutMs)
    child.on("message", (m) => {
      if (m.type === "ready") {
        clearTimeout(timer)
        resolve(m)
      } else if (m.type === "error") {
        clearTimeout(timer)
        reject(new Error(m.message))
      }
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`Embedded PostgreSQL exited early (code ${code}).\n${stderr}`))
    })
  })

  if (statePath) {
    fs.mkdirSync(stateDir, { recursive: true })
    fs.writeFileSync(statePath, JSON.stringify({ port: ready.port, dataDir }, null, 2))
  }

  const urlFor = (db) =>
    `postgres://${ready.user}:${ready.password}@localhost:${ready.port}/${encodeURIComponent(db)}`

  let stopped = null
  const stop = () => {
    if (stopped) return stopped
    stopped = new Promise((resolve) => {
      if (child.exitCode !== null || !child.connected) return resolve()
      child.once("exit", () => resolve())
      child.send({ type: "stop" })
      // A server that ignores the request is not left behind.
      setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL")
        } catch {}
        resolve()
      }, 30000).unref()
    })
    return stopped
  }

  return {
    port: ready.port,
    user: ready.user,
    password: ready.password,
    reused: ready.reused,
    urlFor,
    stop,
  }
}

/** Creates the database when it does not exist yet. */
async function ensureDatabase(adminUrl, name) {
  const client = new Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name])
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
}

module.exports = { startEmbeddedPostgres, ensureDatabase }
