#!/usr/bin/env node
// npm run bench:nearby [-- --n 1000000 --iterations 500 --http-seconds 10 --http false --cluster false
//                          --http-cluster 2 --cities 4 --reuse true]
// Generates N shops (names and products segmented by the real indexTokens, through the provider's
// upsert) into the pg-geo index of a scratch database, then measures "20 nearest within 3 km" (plain,
// with a keyword, with a category; in the database also a Latin name with a slip, served by trigrams)
// inside the database and over HTTP, next to a brute-force scan and stock Medusa's product list
// measured in the same run. Prints JSON.
// --http-cluster N also measures `medusa start --cluster N` (after the one-process figures, which are
// always measured). --cities N spreads the shops over N cities (40). --reuse true keeps a scratch
// database that already holds N generated shops (with the same --cities).
// The load average before each part is recorded: on a shared machine it explains the tails.
const os = require("node:os")
const { Client } = require("pg")
const autocannon = require("autocannon")
const { args, scratchDatabase, summarize, startServer, runMedusa } = require("./lib")

require("@swc/core") // the provider is TypeScript; ts-node with swc compiles it on the fly
require("ts-node").register({ transpileOnly: true, swc: true, compilerOptions: { module: "commonjs" } })
const { PgGeoProvider } = require("../src/modules/nearby/providers/pg-geo")

const opts = args({
  cluster: "true",
  n: 100000,
  iterations: 500,
  http_seconds: 10,
  connections: 16,
  http: "true",
  http_cluster: 0,
  reuse: "false",
  cities: 40,
  db: "tongcheng_bench_nearby",
})

// Shops cluster in cities like real ones do: 40 city centres (--cities) across eastern China, spread
// ~12 km. At 1 M shops a dense 3 km circle then holds ~1 100 shops; --cities 4 puts ten times as many
// in it, closer to central Shanghai on a large platform.
const CITIES = Array.from({ length: opts.cities }, (_, i) => ({
  lat: 22.5 + ((i * 7919) % 1700) / 100,
  lng: 108 + ((i * 104729) % 1400) / 100,
}))
CITIES[0] = { lat: 31.2304, lng: 121.4737 } // 上海人民广场

// Deterministic pseudo-random numbers, so two runs generate the same shops.
function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

// Shop names and products the way merchants write them: a trade word in the name (火锅 in one shop of
// twelve, as before), 2–5 products per shop, and a few chains with Latin names for the trigram path.
const TRADES = [
  { word: "火锅", category: "food", products: ["招牌麻辣火锅", "鸳鸯锅底", "鲜切牛肉", "毛肚拼盘", "手工虾滑"] },
  { word: "烧烤", category: "food", products: ["羊肉串", "烤生蚝", "烤茄子", "烧烤套餐"] },
  { word: "咖啡", category: "food", products: ["美式咖啡", "拿铁", "手冲单品", "提拉米苏"] },
  { word: "保洁", category: "housekeeping", products: ["日常保洁 2 小时", "深度保洁 4 小时", "擦玻璃", "开荒保洁"] },
  { word: "美甲", category: "beauty", products: ["日式美甲", "手部护理", "美睫", "卸甲"] },
  { word: "美发", category: "beauty", products: ["洗剪吹", "烫发", "染发", "头皮护理"] },
  { word: "健身", category: "fitness", products: ["月卡", "私教课", "体测", "团课次卡"] },
  { word: "瑜伽", category: "fitness", products: ["流瑜伽体验课", "空中瑜伽", "月卡", "私教课"] },
  { word: "面馆", category: "takeout", products: ["牛肉面", "葱油拌面", "大排面", "小馄饨"] },
  { word: "甜品", category: "takeout", products: ["杨枝甘露", "双皮奶", "芒果班戟", "红豆沙"] },
  { word: "宠物", category: "pets", products: ["猫咪洗护", "狗狗美容", "寄养一晚", "驱虫"] },
  { word: "维修", category: "repair", products: ["空调清洗", "手机换屏", "水管疏通", "上门开锁"] },
]
const PREFIXES = ["老", "小", "阿芳", "金牌", "24小时", "社区", "王记", "好邻居", "鑫", "红星", "", ""]
const SUFFIXES = ["店", "馆", "工作室", "中心", "坊", "（旗舰店）"]
const CHAINS = [
  { name: "Starbucks 星巴克", category: "food", products: ["美式咖啡", "拿铁", "星冰乐"] },
  { name: "Luckin Coffee 瑞幸咖啡", category: "food", products: ["生椰拿铁", "美式咖啡"] },
  { name: "McDonald's 麦当劳", category: "takeout", products: ["巨无霸套餐", "麦辣鸡腿堡", "薯条"] },
  { name: "KFC 肯德基", category: "takeout", products: ["全家桶", "香辣鸡腿堡", "蛋挞"] },
]
const AREAS = ["人民广场", "徐家汇", "五角场", "陆家嘴", "中山公园", "七宝", "新天地", "虹桥", "世纪公园", "静安寺"]

function shopDoc(g, r, openUntil) {
  const city = CITIES[g % CITIES.length]
  const lat = city.lat + (r() + r() + r() - 1.5) * 0.16
  const lng = city.lng + (r() + r() + r() - 1.5) * 0.19
  // One shop in 30 belongs to a chain with a Latin name. Trade and chain are drawn, not taken from g:
  // derived from g like the city, they repeated with it, and each city held only 3 of the 12 trades.
  const chain = r() < 1 / 30 ? CHAINS[Math.floor(r() * CHAINS.length)] : null
  const trade = TRADES[Math.floor(r() * TRADES.length)]
  const name = chain
    ? `${chain.name} ${AREAS[g % AREAS.length]}店`
    : `${PREFIXES[Math.floor(r() * PREFIXES.length)]}${trade.word}${SUFFIXES[Math.floor(r() * SUFFIXES.length)]}`
  const titles = chain ? chain.products : trade.products
  const count = 2 + Math.floor(r() * Math.min(4, titles.length - 1))
  return {
    id: `mer_b${g}`,
    slug: `b-${g}`,
    name,
    category: chain ? chain.category : trade.category,
    category_name: "",
    city: "city",
    district: null,
    lat,
    lng,
    rating_avg: Math.round(r() * 50) / 10,
    rating_count: Math.floor(r() * 500),
    monthly_sales: Math.floor(r() * 2000),
    logo: null,
    tags: [],
    products: titles.slice(0, count).map((title, i) => ({
      id: `prod_b${g}_${i}`,
      title,
      price: 10 + Math.floor(r() * 300),
      rating: Math.round(r() * 50) / 10,
      rating_count: Math.floor(r() * 100),
    })),
    open_intervals: g % 3 === 0 ? [] : [{ start: new Date(Date.now() - 86400000).toISOString(), end: openUntil }],
  }
}

/**
 * Writes N shops through the provider's own upsert, so names and product titles are segmented by the
 * same indexTokens (jieba words plus character pairs) as real shops, in batches of 2 000.
 */
async function generate(db, n) {
  const started = Date.now()
  const provider = new PgGeoProvider(executor(db))
  const r = rng(42)
  const openUntil = new Date(Date.now() + 7 * 86400000).toISOString()
  for (let from = 1; from <= n; from += 2000) {
    const batch = []
    for (let g = from; g < Math.min(n + 1, from + 2000); g++) batch.push(shopDoc(g, r, openUntil))
    await provider.upsertDocuments(batch)
  }
  await db.query("analyze nearby_merchant_doc")
  return Date.now() - started
}

function executor(db) {
  return {
    execute: async (sql, params = []) => {
      let i = 0
      const res = await db.query(sql.replace(/\?/g, () => `$${++i}`), params)
      return res.rows
    },
  }
}

/**
 * Executor that asks PostgreSQL itself how long each statement took to plan and run (EXPLAIN ANALYZE
 * without per-node timing, whose clock reads would otherwise be counted), so "inside the database"
 * excludes the client and the network. It is wall time: a busy machine's scheduling still shows.
 */
function serverTimer(db, sink) {
  return {
    execute: async (sql, params = []) => {
      let i = 0
      const res = await db.query(`explain (analyze, timing off, format json) ${sql.replace(/\?/g, () => `$${++i}`)}`, params)
      const plan = res.rows[0]["QUERY PLAN"][0]
      sink.push(plan["Planning Time"] + plan["Execution Time"])
      return []
    },
  }
}

async function serverLoop(db, iterations, query) {
  const samples = []
  for (let i = 0; i < iterations; i++) {
    const parts = []
    await new PgGeoProvider(serverTimer(db, parts)).search(query(i))
    samples.push(parts.reduce((a, b) => a + b, 0))
  }
  return summarize(samples)
}

async function timeLoop(iterations, fn) {
  const samples = []
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint()
    await fn(i)
    samples.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return summarize(samples)
}

function point(i) {
  // Query points near city centres, where shops are dense: the hard case for "nearest".
  const c = CITIES[i % CITIES.length]
  return { lat: c.lat + (((i * 37) % 100) - 50) / 2000, lng: c.lng + (((i * 53) % 100) - 50) / 2000 }
}

const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100)

/**
 * autocannon against `pathFor(i)`: every request asks about another spot (cycling through city centres),
 * so PostgreSQL cannot answer from one hot set of pages. A 2 s warm-up is not counted.
 */
async function http(server, pathFor, headers, seconds, connections) {
  let i = 0
  const url = server.url
  const requests = [{ setupRequest: (req) => ({ ...req, path: pathFor(i++) }) }]
  await autocannon({ url, connections, duration: 2, headers, requests })
  const load_before = load()
  const cpu0 = groupCpuMs(server.pgid)
  const r = await autocannon({ url, connections, duration: seconds, headers, requests })
  const cpu = groupCpuMs(server.pgid) - cpu0
  return {
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    throughput_per_s: r.requests.average,
    requests: r.requests.total,
    // CPU the server's processes used per request: unlike latency, hardly moved by other load.
    server_cpu_ms_per_request: r.requests.total ? Math.round((cpu / r.requests.total) * 100) / 100 : null,
    non_2xx: r.non2xx,
    errors: r.errors,
    load_before,
  }
}

/** User + system CPU time (ms) of every process in a process group, from /proc (Linux). */
function groupCpuMs(pgid) {
  const fs = require("node:fs")
  const tick = 1000 / 100 // USER_HZ is 100 on Linux
  let total = 0
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      // after the command: state(0) ppid(1) pgrp(2) ... utime(11) stime(12)
      if (Number(f[2]) === pgid) total += (Number(f[11]) + Number(f[12])) * tick
    } catch {}
  }
  return total
}

async function httpSuite(server, headers) {
  const search = (extra) => (i) => {
    const p = point(i)
    return `/store/merchants/search?lat=${p.lat}&lng=${p.lng}&radius_m=3000&limit=20${extra}`
  }
  const run = (pathFor) => http(server, pathFor, headers, opts.http_seconds, opts.connections)
  return {
    nearest: await run(search("")),
    nearest_keyword: await run(search(`&q=${encodeURIComponent("火锅")}`)),
    nearest_category: await run(search("&category=beauty")),
    baseline_store_products: await run(() => "/store/products?limit=20"),
  }
}

async function main() {
  const scratch = opts.reuse === "true" ? await existingDatabase(opts.db) : null
  const db0 = scratch ?? (await scratchDatabase(opts.db))
  const out = {
    benchmark: "nearby",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, load_at_start: load() },
    n: opts.n,
    cities: opts.cities,
    radius_m: 3000,
    limit: 20,
  }
  try {
    const db = new Client({ connectionString: db0.url })
    // Also on a reused database: it must have this checkout's migrations.
    await runMedusa(["db:migrate"], { env: { ...process.env, DATABASE_URL: db0.url, LOG_LEVEL: "error" }, quiet: true })
    if (!scratch) {
      await db.connect()
      out.generate_ms = await generate(db, opts.n)
    } else {
      await db.connect()
      out.reused_database = true
    }
    const provider = new PgGeoProvider(executor(db))
    if (!scratch && opts.cluster !== "false") {
      // What `npm run reindex -- cluster` does: rows of neighbouring shops share pages (the generator
      // writes them in generation order, which scatters neighbours, as a real table fills over time).
      const t = Date.now()
      await provider.optimize()
      out.cluster_ms = Date.now() - t
    }
    out.server_version = (await db.query("show server_version")).rows[0].server_version
    const base = { radius_m: 3000, limit: 20, offset: 0, sort: "distance", now: new Date() }
    // Server-side time (plan + execute) and client round trip, side by side.
    out.in_database_load_before = load()
    out.in_database_server_time = {
      nearest: await serverLoop(db, opts.iterations, (i) => ({ ...base, ...point(i) })),
      nearest_keyword: await serverLoop(db, opts.iterations, (i) => ({ ...base, ...point(i), q: "火锅" })),
      nearest_category: await serverLoop(db, opts.iterations, (i) => ({ ...base, ...point(i), category: "beauty" })),
      nearest_latin_name: await serverLoop(db, opts.iterations, (i) => ({ ...base, ...point(i), q: "starbuks" })),
    }
    out.in_database = {
      nearest: await timeLoop(opts.iterations, (i) => provider.search({ ...base, ...point(i) })),
      nearest_keyword: await timeLoop(opts.iterations, (i) => provider.search({ ...base, ...point(i), q: "火锅" })),
      nearest_category: await timeLoop(opts.iterations, (i) => provider.search({ ...base, ...point(i), category: "beauty" })),
      nearest_latin_name: await timeLoop(opts.iterations, (i) => provider.search({ ...base, ...point(i), q: "starbuks" })),
      baseline_brute_force_scan: await timeLoop(Math.min(opts.iterations, 20), (i) => {
        const p = point(i)
        return db.query(
          `select id, (2 * 6371008.8 * asin(sqrt(power(sin(radians(lat - $1) / 2), 2) + cos(radians($1)) * cos(radians(lat)) * power(sin(radians(lng - $2) / 2), 2)))) as d
           from nearby_merchant_doc order by d limit 20`,
          [p.lat, p.lng]
        )
      }),
    }
    const hits = await provider.search({ ...base, ...point(0) })
    out.sample = { hits: hits.hits.length, count_in_radius: hits.count }
    await db.end()

    if (opts.http !== "false") {
      const pkDb = new Client({ connectionString: db0.url })
      await pkDb.connect()
      const has = async () =>
        (await pkDb.query("select token from api_key where type = 'publishable' and revoked_at is null limit 1")).rows
      if (!(await has()).length) {
        await runMedusa(["exec", "./src/scripts/seed.ts"], {
          env: { ...process.env, DATABASE_URL: db0.url, LOG_LEVEL: "error", SEED_DEMO: "false" },
          quiet: true,
        })
      }
      const [{ token }] = await has()
      await pkDb.end()
      const headers = { "x-publishable-api-key": token }
      out.http = { connections: opts.connections, seconds: opts.http_seconds }
      // Medusa as it ships: every /store request looks its publishable key up in the database.
      const server = await startServer(db0.url)
      try {
        out.http.one_process = await httpSuite(server, headers)
      } finally {
        await server.stop()
      }
      // MEDUSA_FF_CACHING=true: Medusa's caching module (in memory here) answers that lookup.
      const cached = await startServer(db0.url, { MEDUSA_FF_CACHING: "true" })
      try {
        out.http.one_process_medusa_caching = await httpSuite(cached, headers)
      } finally {
        await cached.stop()
      }
      if (opts.http_cluster > 0) {
        // Several processes without Redis: caching stays off, since in-memory invalidations would not
        // reach the other processes.
        const clustered = await startServer(db0.url, {}, ["--cluster", String(opts.http_cluster)])
        try {
          out.http[`medusa_start_cluster_${opts.http_cluster}`] = await httpSuite(clustered, headers)
        } finally {
          await clustered.stop()
        }
      }
    }
  } finally {
    await db0.stop()
  }
  out.load_at_end = load()
  console.log(JSON.stringify(out, null, 2))
}

/** The scratch database of an earlier run, if it still holds the N generated shops. */
async function existingDatabase(name) {
  if (!process.env.DATABASE_URL) return null
  const u = new URL(process.env.DATABASE_URL)
  u.pathname = `/${name}`
  const c = new Client({ connectionString: u.toString() })
  try {
    await c.connect()
    const { rows } = await c.query("select count(*)::int as n from nearby_merchant_doc")
    return rows[0].n === opts.n ? { url: u.toString(), stop: async () => {} } : null
  } catch {
    return null
  } finally {
    await c.end().catch(() => {})
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
