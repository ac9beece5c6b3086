#!/usr/bin/env node
// npm run bench:storefront [-- --iterations 200 --warmup 10 --storefront http://localhost:8000 --slug shop-xxxx]
// Server render time of the storefront's home and a merchant page (full HTML, one request at a time),
// p50/p99. Without --storefront it sets up everything itself: a scratch database with the demo seed,
// the backend, a production build of storefront/ (reused when current) under `next start`. Prints JSON.
const { Client } = require("pg")
const { args, scratchDatabase, summarize, startServer, runMedusa } = require("./lib")

require("@swc/core")
require("ts-node").register({ transpileOnly: true, swc: true, compilerOptions: { module: "commonjs" } })
const { ensureBuilt, ensureInstalled, startStorefront } = require("../integration-tests/browser/storefront-server")

const opts = args({ iterations: 200, warmup: 10, storefront: "", slug: "", db: "tongcheng_bench_storefront" })

async function timeGet(url) {
  const t0 = process.hrtime.bigint()
  const res = await fetch(url, { headers: { accept: "text/html" } })
  const body = await res.text()
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
  return { ms, bytes: body.length }
}

async function measure(url) {
  for (let i = 0; i < opts.warmup; i++) await timeGet(url)
  const samples = []
  let bytes = 0
  for (let i = 0; i < opts.iterations; i++) {
    const r = await timeGet(url)
    samples.push(r.ms)
    bytes = r.bytes
  }
  return { url, html_bytes: bytes, ...summarize(samples) }
}

async function main() {
  const cleanups = []
  try {
    let base = opts.storefront.replace(/\/+$/, "")
    let slug = opts.slug
    const setup = {}
    if (!base) {
      const started = Date.now()
      const scratch = await scratchDatabase(opts.db)
      cleanups.push(() => scratch.stop())
      const env = { ...process.env, DATABASE_URL: scratch.url, LOG_LEVEL: "error" }
      await runMedusa(["db:migrate"], { env, quiet: true })
      await runMedusa(["exec", "./src/scripts/seed.ts"], { env, quiet: true })
      const db = new Client({ connectionString: scratch.url })
      await db.connect()
      const { rows } = await db.query(
        "select token from api_key where type = 'publishable' and revoked_at is null order by created_at limit 1"
      )
      const shop = await db.query("select slug from merchant where status = 'approved' and deleted_at is null order by name limit 1")
      await db.end()
      const server = await startServer(scratch.url)
      cleanups.unshift(() => server.stop())
      ensureInstalled()
      setup.build = ensureBuilt()
      const sf = await startStorefront(server.url, rows[0].token)
      cleanups.unshift(() => sf.stop())
      base = sf.url
      slug = slug || shop.rows[0].slug
      setup.seconds = Math.round((Date.now() - started) / 100) / 10
    }
    if (!slug) throw new Error("--slug is required with --storefront")
    const home = await measure(`${base}/`)
    const merchant = await measure(`${base}/merchants/${encodeURIComponent(slug)}`)
    console.log(JSON.stringify({ storefront: base, iterations: opts.iterations, setup, home, merchant }, null, 2))
  } finally {
    for (const c of cleanups) await c().catch(() => {})
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
