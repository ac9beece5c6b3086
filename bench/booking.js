#!/usr/bin/env node
/**
 * `npm run bench:booking`: N concurrent booking attempts on one slot of a K-seat resource, over HTTP.
 * Prints JSON: winners (must equal the seats), losers, p50/p99 latency of the attempts, of the losers
 * and of the winners, settle_ms (first request sent → last answer received), and as the baseline the
 * same run's latency of a single uncontended hold (one request at a time, each on a slot of its own).
 *
 * One command on a clean checkout: it makes a scratch database (on DATABASE_URL's server, or an
 * embedded PostgreSQL), migrates and seeds it, starts this project's Medusa on a free port, creates a
 * shop, a resource, an offering and one cart per attempt through the HTTP API, fires the attempts
 * together, then stops everything. With BENCH_URL (and BENCH_PK, ADMIN_EMAIL/ADMIN_PASSWORD) it uses
 * an already running server instead.
 *
 * Then availability: a second offering served by --resources (20) single-seat staff with --appointments
 * (500) confirmed bookings spread over a week; GET /store/merchants/:id/availability for its busiest day,
 * sequentially, reporting the route's own database+grid time (its Server-Timing header) and the HTTP
 * time, next to the same request for an empty day measured in the same run (the baseline).
 *
 * Options: --attempts 500 --seats 10 --resources 20 --appointments 500 --samples 200 --single 20
 */
require("@swc/core")
require("ts-node").register({ transpileOnly: true, swc: true, compilerOptions: { module: "commonjs" } })
const { Client } = require("pg")
const { args, scratchDatabase, runMedusa, startServer } = require("./lib")
const { makeValidUSCC } = require("../src/modules/merchant/utils/uscc")

const opts = args({ attempts: 500, seats: 10, resources: 20, appointments: 500, samples: 200, single: 20 })

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
  // The uncontended baseline books one slot each on the day after, where nothing else overlaps it.
  const baselineDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 3 * 86_400_000))
  const baselineStarts = Array.from({ length: opts.single + 5 }, (_, i) => {
    const minutes = 8 * 60 + 30 * i
    return new Date(`${baselineDay}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00+08:00`).toISOString()
  })
  const all = await pool(Array.from({ length: opts.attempts + baselineStarts.length }), 16, async (_, i) => {
    const c = await must(call("POST", "/store/carts", { region_id: regionId, email: `guest-${i}-${Date.now()}@booking.bench` }), "cart")
    return c.cart.id
  })
  const carts = all.slice(0, opts.attempts)
  const baseline = baselineStarts.map((start_at, i) => ({ start_at, cart: all[opts.attempts + i] }))
  return { merchantId: applied.merchant.id, offering, startAt, carts, baseline, token, variantId: product.variants[0].id }
}

const DAY_MS = 86_400_000
const shanghaiDay = (ms) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(ms))

/**
 * A busy shop for the availability measurement: `resources` staff, an offering they all serve, and
 * `appointments` confirmed one-hour bookings on distinct (day, staff, hour) cells of one week, written
 * straight into the table (the booking API would take minutes to make 500 and is not what is measured).
 */
async function busyShop(call, databaseUrl, { merchantId, token }) {
  const product = (
    await must(call("POST", "/vendor/products", { title: "压测推拿 60 分钟", kind: "service", variants: [{ title: "标准", price: 168 }] }, token), "product")
  ).product
  const variant = product.variants[0].id
  const staff = []
  for (let i = 0; i < opts.resources; i++) {
    staff.push((await must(call("POST", "/vendor/booking/resources", { name: `技师 ${i + 1}`, kind: "staff", capacity: 1 }, token), "staff")).resource)
  }
  const offering = (
    await must(
      call(
        "POST",
        "/vendor/booking/offerings",
        { variant_id: variant, duration_minutes: 60, slot_step_minutes: 15, min_notice_minutes: 0, horizon_days: 14, resource_ids: staff.map((r) => r.id) },
        token
      ),
      "busy offering"
    )
  ).offering
  const first = Date.now() + 2 * DAY_MS
  const cells = []
  for (let d = 0; d < 7; d++) for (let r = 0; r < staff.length; r++) for (let h = 8; h < 22; h++) cells.push([d, r, h])
  // A fixed shuffle, so every run books the same cells.
  let seed = 42
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  for (let i = cells.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[cells[i], cells[j]] = [cells[j], cells[i]]
  }
  const rows = cells.slice(0, opts.appointments).map(([d, r, h], i) => {
    const start = new Date(`${shanghaiDay(first + d * DAY_MS)}T${String(h).padStart(2, "0")}:00:00+08:00`)
    const end = new Date(start.getTime() + 3_600_000)
    return [`appt_bench_${i}`, merchantId, offering.id, staff[r].id, start, end]
  })
  const c = new Client({ connectionString: databaseUrl })
  await c.connect()
  try {
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100)
      const values = chunk.map((_, k) => `($${k * 6 + 1}, $${k * 6 + 2}, $${k * 6 + 3}, $${k * 6 + 4}, 1, 'confirmed', 1, 1, $${k * 6 + 5}, $${k * 6 + 6}, $${k * 6 + 5}, $${k * 6 + 6})`)
      await c.query(
        `insert into booking_appointment (id, merchant_id, offering_id, resource_id, resource_capacity, status, party_size, seats, start_at, end_at, occupied_from, occupied_to)
         values ${values.join(", ")}`,
        chunk.flat()
      )
    }
  } finally {
    await c.end()
  }
  const perDay = {}
  for (const [d] of cells.slice(0, opts.appointments)) perDay[d] = (perDay[d] ?? 0) + 1
  const busiest = Number(Object.entries(perDay).sort((a, b) => b[1] - a[1])[0][0])
  return { offering, busyDay: shanghaiDay(first + busiest * DAY_MS), busyDayBookings: perDay[busiest], emptyDay: shanghaiDay(first + 10 * DAY_MS) }
}

/** Sequential availability requests: HTTP time and the route's own Server-Timing (db + slots). */
async function measureAvailability(base, pk, merchantId, offeringId, date) {
  const http = []
  const server = []
  const grid = []
  let slots = 0
  for (let i = 0; i < opts.samples + 20; i++) {
    const s = performance.now()
    const res = await fetch(`${base}/store/merchants/${merchantId}/availability?offering=${offeringId}&date=${date}`, {
      headers: { "x-publishable-api-key": pk },
    })
    const body = await res.json()
    const ms = performance.now() - s
    if (res.status !== 200) throw new Error(`availability: ${res.status} ${JSON.stringify(body)}`)
    if (i < 20) continue // warm-up
    http.push(ms)
    const timing = Object.fromEntries(
      (res.headers.get("server-timing") ?? "").split(",").map((p) => {
        const [name, dur] = p.trim().split(";dur=")
        return [name, Number(dur)]
      })
    )
    server.push((timing.db ?? NaN) + (timing.slots ?? NaN))
    grid.push(timing.slots ?? NaN)
    slots = body.slots.length
  }
  const sum = (xs) => {
    const s = [...xs].sort((a, b) => a - b)
    const r = (x) => Math.round(x * 100) / 100
    return { p50_ms: r(pct(s, 50)), p99_ms: r(pct(s, 99)), throughput_per_s: r((s.length / s.reduce((a, b) => a + b, 0)) * 1000) }
  }
  return { date, slots, in_server: sum(server), of_which_slot_grid: sum(grid), http: sum(http) }
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
    const shop = await setUp(call)
    const { merchantId, offering, startAt, carts, baseline } = shop
    const setUpBusy = (call, dbUrl) => busyShop(call, dbUrl, shop)

    // Baseline first: one hold at a time, each on a slot nobody else wants; the first 5 warm the path.
    process.stderr.write(`[bench:booking] ${opts.single} uncontended holds, one at a time …\n`)
    const single = []
    for (const [i, b] of baseline.entries()) {
      const s = performance.now()
      const r = await call("POST", `/store/carts/${b.cart}/appointments`, { offering_id: offering.id, start_at: b.start_at })
      const ms = performance.now() - s
      if (r.status !== 201) throw new Error(`uncontended hold: ${r.status} ${JSON.stringify(r.data)}`)
      if (i >= 5) single.push(ms)
    }
    single.sort((a, b) => a - b)

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
    const loserLat = results.filter((r) => r.status === 409).map((r) => r.ms).sort((a, b) => a - b)
    const winnerLat = results.filter((r) => r.status === 201).map((r) => r.ms).sort((a, b) => a - b)
    const errors5xx = results.filter((r) => r.status >= 500).length
    const ok = winners === opts.seats && byStatus[409] === opts.attempts - opts.seats
    const out = {
      attempts: opts.attempts,
      seats: opts.seats,
      winners,
      ok,
      statuses: byStatus,
      errors_5xx: errors5xx,
      p50: Math.round(pct(lat, 50)),
      p99: Math.round(pct(lat, 99)),
      settle_ms: Math.round(settle),
      losers: { n: loserLat.length, p50: Math.round(pct(loserLat, 50)), p99: Math.round(pct(loserLat, 99)) },
      winners_latency: { n: winnerLat.length, p50: Math.round(pct(winnerLat, 50)), p99: Math.round(pct(winnerLat, 99)) },
      baseline_single_hold: { n: single.length, p50: Math.round(pct(single, 50)), p99: Math.round(pct(single, 99)) },
      goal: "settle_ms <= 2000, losers.p99 <= 500, exactly `seats` winners, no 5xx",
      goal_met: ok && errors5xx === 0 && settle <= 2000 && pct(loserLat, 99) <= 500,
      remaining_after: slot ? slot.remaining : 0,
      sample_refusal: results.find((r) => r.status === 409)?.message ?? null,
    }
    const dbUrl = db?.url ?? process.env.DATABASE_URL
    if (dbUrl) {
      process.stderr.write(`[bench:booking] availability: ${opts.resources} staff, ${opts.appointments} bookings in a week …\n`)
      const setup = await setUpBusy(call, dbUrl)
      const busy = await measureAvailability(base, pk, merchantId, setup.offering.id, setup.busyDay)
      const empty = await measureAvailability(base, pk, merchantId, setup.offering.id, setup.emptyDay)
      out.availability = {
        resources: opts.resources,
        appointments_in_week: opts.appointments,
        busy_day: { ...busy, bookings_that_day: setup.busyDayBookings },
        baseline_empty_day: empty,
        goal: "in-server (database + slot grid) p99 <= 20 ms for one day",
      }
    } else {
      out.availability = "skipped: give DATABASE_URL with BENCH_URL to measure availability on a busy shop"
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
