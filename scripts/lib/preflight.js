// Checks that turn a bad set-up into one clear sentence and a non-zero exit instead of a
// stack trace from deep inside Medusa.
const net = require("node:net")
const { Client } = require("pg")

class SetupError extends Error {}

function portInUse(port, host) {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once("error", (e) => resolve(e.code === "EADDRINUSE" || e.code === "EACCES"))
    srv.once("listening", () => srv.close(() => resolve(false)))
    srv.listen(port, host)
  })
}

async function assertPortFree(port, what = "Medusa") {
  const n = Number(port)
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    throw new SetupError(`PORT must be a number between 1 and 65535, got "${port}".`)
  }
  // Medusa listens on all interfaces; a holder on either family blocks it.
  if ((await portInUse(n, "0.0.0.0")) || (await portInUse(n, "::").catch(() => false))) {
    throw new SetupError(
      `Port ${n} is already in use, so ${what} cannot listen on it. Stop whatever holds it ` +
        `(\`ss -ltnp 'sport = :${n}'\` shows it) or choose another port with PORT=<number>.`
    )
  }
}

function describeUrl(url) {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || 5432}${u.pathname}`
  } catch {
    return "(unparseable URL)"
  }
}

function assertDatabaseUrlShape(url) {
  try {
    const parsed = new URL(url)
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error("protocol")
  } catch {
    throw new SetupError(
      `DATABASE_URL is not a PostgreSQL URL (expected postgres://user:password@host:5432/database).`
    )
  }
}

async function assertDatabaseReachable(url) {
  assertDatabaseUrlShape(url)
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query("select 1")
  } catch (e) {
    const where = describeUrl(url)
    let why = e.message
    if (e.code === "ECONNREFUSED") why = "nothing is listening there (connection refused)"
    else if (e.code === "ENOTFOUND") why = "the host name does not resolve"
    else if (e.code === "3D000") why = "the database does not exist"
    else if (e.code === "28P01" || e.code === "28000") why = "the user name or password was refused"
    throw new SetupError(
      `Cannot connect to PostgreSQL at ${where}: ${why}. Check DATABASE_URL, or unset it to ` +
        `use the embedded PostgreSQL.`
    )
  } finally {
    await client.end().catch(() => {})
  }
}

/** A port the kernel says is free right now (for scratch servers in the smoke tests). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** Prints a SetupError as one readable block and exits; anything else is a real bug. */
function exitOnSetupError(e) {
  if (e instanceof SetupError) {
    console.error(`\n✖ ${e.message}\n`)
    process.exit(2)
  }
  console.error(e)
  process.exit(1)
}

module.exports = { SetupError, freePort, assertPortFree, assertDatabaseReachable, assertDatabaseUrlShape, exitOnSetupError, portInUse }
