#!/usr/bin/env node
/**
 * `npm run bench:login`: does the e-mail sign-in's answer time tell whether an account exists?
 * Signs in with a wrong password on known customer e-mails and on unknown ones, interleaved, one request
 * at a time, and prints JSON: p50/p99 of each and the ratio of the medians (1.0 = indistinguishable).
 *
 * One command on a clean checkout: a scratch database (DATABASE_URL's server, or an embedded
 * PostgreSQL), migrated, and this project's Medusa on a free port; with BENCH_URL it uses a running
 * server instead. Each request comes from an address of its own (X-Forwarded-For; Medusa trusts one
 * proxy hop) and no account gets more than a few wrong passwords, so the sign-in limits never answer:
 * only the password check is measured.
 *
 * Options: --accounts 20 --samples 60 --warmup 5
 */
const { args, scratchDatabase, runMedusa, startServer, summarize } = require("./lib")

const opts = args({ accounts: 20, samples: 60, warmup: 5 })

let ipSeq = 0
function nextIp() {
  ipSeq++
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`
}

async function post(base, path, body) {
  const started = performance.now()
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": nextIp() },
    body: JSON.stringify(body),
  })
  await res.text()
  return { status: res.status, ms: performance.now() - started }
}

async function main() {
  let db = null
  let server = null
  let base = process.env.BENCH_URL
  try {
    if (!base) {
      db = await scratchDatabase("tc_bench_login")
      const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "error" }
      process.stderr.write("[bench:login] migrating a scratch database …\n")
      await runMedusa(["db:migrate"], { env, quiet: true })
      process.stderr.write("[bench:login] starting the server …\n")
      server = await startServer(db.url)
      base = server.url
    }
    const run = Date.now()
    const known = []
    for (let i = 0; i < opts.accounts; i++) {
      const email = `known-${run}-${i}@login.bench`
      const r = await post(base, "/auth/customer/emailpass/register", { email, password: "bench-pass-123" })
      if (r.status !== 200) throw new Error(`register ${email}: ${r.status}`)
      known.push(email)
    }
    // Fewer wrong passwords per account than the lock allows, or the lock would answer instead.
    const perAccount = Math.ceil((opts.samples + opts.warmup) / opts.accounts)
    if (perAccount >= 5) throw new Error(`--samples ${opts.samples} over --accounts ${opts.accounts} would lock accounts`)

    process.stderr.write(`[bench:login] ${opts.samples} wrong sign-ins each on known and unknown e-mails …\n`)
    const times = { known: [], unknown: [] }
    for (let i = 0; i < opts.warmup + opts.samples; i++) {
      const k = await post(base, "/auth/customer/emailpass", { email: known[i % known.length], password: `wrong-${i}` })
      const u = await post(base, "/auth/customer/emailpass", { email: `nobody-${run}-${i}@login.bench`, password: `wrong-${i}` })
      if (k.status !== 401 || u.status !== 401) throw new Error(`expected 401 for both, got ${k.status} / ${u.status}`)
      if (i < opts.warmup) continue
      times.known.push(k.ms)
      times.unknown.push(u.ms)
    }
    const out = { known_email: summarize(times.known), unknown_email: summarize(times.unknown) }
    out.p50_ratio_unknown_to_known = Math.round((out.unknown_email.p50_ms / out.known_email.p50_ms) * 100) / 100
    console.log(JSON.stringify(out, null, 2))
  } finally {
    if (server) await server.stop()
    if (db) await db.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
