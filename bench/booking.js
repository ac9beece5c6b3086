#!/usr/bin/env node
/**
 * `npm run bench:booking`: N concurrent booking attempts on one slot of a K-seat resource, over HTTP.
 * Prints JSON: winners (must equal the seats), losers, p50/p99 latency of the attempts and settle_ms
 * (first request sent → last answer received).
 *
 * One command on a clean checkout: it makes a scratch database (on DATABASE_URL's server, or an
 * embedded PostgreSQL), migrates and seeds it, starts this project's Medusa on a free port, creates a
 * shop, a resource, an offering and one cart per attempt through the HTTP API, fires the attempts
 * together, then stops everything. With BENCH_URL (and BENCH_PK, ADMIN_EMAIL/ADMIN_PASSWORD) it uses
 * an already running server instead.
 *
 * Options: --attempts 500 --seats 10
 */
require("@swc/core")
require("ts-node").register({ transpileOnly: true, swc: true, compilerOptions: { module: "commonjs" } })
const { Client } = require("pg")
const { args, scratchDatabase, runMedusa, startServer } = require("./lib")
const { makeValidUSCC } = require("../src/modules/merchant/utils/uscc")

const opts = args({ attempts: 500, seats: 10 })

async function readPublishableKey(databaseUrl) {
  const c = new Client({ connectionString: databaseUrl })
  await c.connect()
  try {
    const { rows } = await c.query(
      `select token from api_key where type = 'publishable' and revoked_at is null and deleted_at is null
       order by created_at asc limit 1`
    )
    return rows[0]?.token
  } finally {
    await c.end()
  }
}

function client(base, pk) {
  return async function call(method, path, body, token) {
    const headers = { "content-type": "application/json", "x-publishable-api-key": pk }
    if (token) headers.authorization = `Bearer ${token}`
    const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined })
    const text = await res.text()
    let data = null
    try {
      data = JSON.parse(text)
    } catch {
      data = text
    }
    return { status: res.status, data }
  }
}

async function must(p, what) {
  const r = await p
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.data)}`)
  return r.data
}

/** Runs `fn` over items with at most `n` in flight. */
async function pool(items, n, fn) {
  const out = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i], i)
      }
    })
  )
  return out
}

async function setUp(call) {
  const adminEmail = process.env.ADMIN_EMAIL || "admin@tongcheng.local"
  const adminPassword = process.env.ADMIN_PASSWORD || "tongcheng-admin"
  const adminToken = (await must(call("POST", "/auth/user/emailpass", { email: adminEmail, password: adminPassword }), "admin login")).token
  const regions = await must(call("GET", "/admin/regions", null, adminToken), "regions")
  const regionId = regions.regions.find((r) => r.currency_code === "cny")?.id ?? regions.regions[0].id

  const email = `bench-${Date.now()}@booking.bench`
  const password = "bench-pass-123"
  const reg = await must(call("POST", "/auth/merchant/emailpass/register", { email, password }), "merchant register")
  const hours = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "08:00", close: "22:00" }]]))
  const applied = await must(
    call(
      "POST",
      "/vendor/merchants",
      {
        name: "压测预约门店",
        category: "beauty",
        phone: "13800138000",
        province: "上海市",
        city: "上海",
        street: "压测路 1 号",
        lat: 31.2286,
        lng: 121.4547,
        business_hours: { weekly: hours },
        licence_code: makeValidUSCC(Date.now() % 1_000_000),
        legal_name: "上海压测有限公司",
      },
      reg.token
    ),
    "apply"
  )
  await must(call("POST", `/admin/merchants/${applied.merchant.id}/approve`, {}, adminToken), "approve")
  const token = (await must(call("POST", "/auth/merchant/emailpass", { email, password }), "merchant login")).token
  const product = (
    await must(call("POST", "/vendor/products", { title: "压测服务", kind: "service", variants: [{ title: "标准", price: 99 }] }, token), "product")
  ).product
  const resource = (await must(call("POST", "/vendor/booking/resources", { name: "大厅", kind: "room", capacity: opts.seats }, token), "resource")).resource
  const offering = (
    await must(
      call(
        "POST",
        "/vendor/booking/offerings",
        { variant_id: product.variants[0].id, duration_minutes: 60, slot_step_minutes: 30, min_notice_minutes: 0, horizon_days: 14, resource_ids: [resource.id] },
        token
      ),
      "offering"
    )
  ).offering
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 2 * 86_400_000))
  const startAt = new Date(`${day}T10:00:00+08:00`).toISOString()
  const carts = await pool(Array.from({ length: opts.attempts }), 16, async (_, i) => {
    const c = await must(call("POST", "/store/carts", { region_id: regionId, email: `guest-${i}-${Date.now()}@booking.bench` }), "cart")
    return c.cart.id
  })
  return { merchantId: applied.merchant.id, offering, startAt, carts }
}

function pct(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null
}

async function main() {
  let db = null
  let server = null
  let base = process.env.BENCH_URL
  let pk = process.env.BENCH_PK
  try {
    if (!base) {
      db = await scratchDatabase("tc_bench_booking")
      const env = { ...process.env, DATABASE_URL: db.url, SEED_DEMO: "false", LOG_LEVEL: "error" }
      process.stderr.write("[bench:booking] migrating and seeding a scratch database …\n")
      await runMedusa(["db:migrate"], { env, quiet: true })
      await runMedusa(["exec", "./src/scripts/seed.ts"], { env, quiet: true })
      process.stderr.write("[bench:booking] starting the server …\n")
      server = await startServer(db.url)
      base = server.url
      pk = await readPublishableKey(db.url)
    }
    if (!pk) throw new Error("no publishable key: set BENCH_PK with BENCH_URL")
    const call = client(base, pk)
    process.stderr.write(`[bench:booking] creating a shop and ${opts.attempts} carts …\n`)
    const { merchantId, offering, startAt, carts } = await setUp(call)

    process.stderr.write(`[bench:booking] ${opts.attempts} concurrent attempts on ${startAt} (${opts.seats} seats) …\n`)
    const t0 = performance.now()
    const results = await Promise.all(
      carts.map(async (cartId) => {
        const s = performance.now()
        const r = await call("POST", `/store/carts/${cartId}/appointments`, { offering_id: offering.id, start_at: startAt })
        return { status: r.status, ms: performance.now() - s, message: r.data?.message }
      })
    )
    const settle = performance.now() - t0
    const lat = results.map((r) => r.ms).sort((a, b) => a - b)
    const winners = results.filter((r) => r.status === 201).length
    const byStatus = {}
    for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
    const avail = await call("GET", `/store/merchants/${merchantId}/availability?offering=${offering.id}&date=${startAt.slice(0, 10)}`)
    const slot = (avail.data.slots ?? []).find((s) => s.start_at === startAt)
    const out = {
      attempts: opts.attempts,
      seats: opts.seats,
      winners,
      ok: winners === opts.seats && byStatus[409] === opts.attempts - opts.seats,
      statuses: byStatus,
      p50: Math.round(pct(lat, 50)),
      p99: Math.round(pct(lat, 99)),
      settle_ms: Math.round(settle),
      remaining_after: slot ? slot.remaining : 0,
      sample_refusal: results.find((r) => r.status === 409)?.message ?? null,
    }
    console.log(JSON.stringify(out, null, 2))
    process.exitCode = out.ok ? 0 : 1
  } finally {
    if (server) await server.stop()
    if (db) await db.stop()
  }
}

main().catch((e) => {
  console.error(`✖ ${e.message}`)
  process.exit(1)
})
