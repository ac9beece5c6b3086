#!/usr/bin/env node
// npm run bench:nearby [-- --n 1000000 --iterations 500 --http-seconds 10 --http false --cluster false]
// Generates N shops into the pg-geo index of a scratch database, then measures "20 nearest within
// 3 km" (plain, with a keyword, with a category) inside the database and over HTTP, next to a
// brute-force scan and stock Medusa's product list measured in the same run. Prints JSON.
const { Client } = require("pg")
const autocannon = require("autocannon")
const { args, scratchDatabase, summarize, startServer, runMedusa } = require("./lib")

require("@swc/core") // the provider is TypeScript; ts-node with swc compiles it on the fly
require("ts-node").register({ transpileOnly: true, swc: true, compilerOptions: { module: "commonjs" } })
const { PgGeoProvider } = require("../src/modules/nearby/providers/pg-geo")

const opts = args({ cluster: "true", n: 100000, iterations: 300, http_seconds: 10, connections: 16, http: "true", db: "tongcheng_bench_nearby" })

// Shops cluster in cities like real ones do: 40 city centres across eastern China, spread ~12 km.
const CITIES = Array.from({ length: 40 }, (_, i) => ({
  lat: 22.5 + ((i * 7919) % 1700) / 100,
  lng: 108 + ((i * 104729) % 1400) / 100,
}))
CITIES[0] = { lat: 31.2304, lng: 121.4737 } // 上海人民广场

async function generate(db, n) {
  const words = ["火锅", "烧烤", "咖啡", "保洁", "美甲", "美发", "健身", "瑜伽", "面馆", "甜品", "宠物", "维修"]
  const cats = ["food", "takeout", "housekeeping", "beauty", "fitness", "pets", "repair"]
  const started = Date.now()
  // Generated in SQL: 1 M rows go in within a minute, where a round trip per row would take far longer.
  await db.query(`insert into nearby_merchant_doc (id, slug, name, category, city, lat, lng, rating_avg, rating_count,
      monthly_sales, products, name_tokens, tokens, open_week)
    select 'mer_b' || t.g, 'b-' || t.g, t.word || '店' || t.g, t.category, 'city', t.lat, t.lng,
      round((random() * 5)::numeric, 1), (random() * 500)::int, (random() * 2000)::int, '[]'::jsonb,
      array_to_tsvector(array[t.word, left(t.word, 1), right(t.word, 1), '店']),
      array_to_tsvector(array[t.word, left(t.word, 1), right(t.word, 1), '店']),
      case when t.g % 3 = 0 then '{}'::tstzmultirange else tstzmultirange(tstzrange(now() - interval '1 day', now() + interval '7 days')) end
    from (
      select g, (array[${words.map((w) => `'${w}'`).join(",")}])[1 + (g * 7) % ${words.length}] as word,
        (array[${cats.map((c) => `'${c}'`).join(",")}])[1 + g % ${cats.length}] as category,
        ((($2::jsonb) -> (g % ${CITIES.length})) ->> 'lat')::float8 + (random() + random() + random() - 1.5) * 0.16 as lat,
        ((($2::jsonb) -> (g % ${CITIES.length})) ->> 'lng')::float8 + (random() + random() + random() - 1.5) * 0.19 as lng
      from generate_series(1, $1) g
    ) t
    -- Written in location order (1 km grid), the way \`npm run reindex -- --cluster\` leaves the table.
    order by floor(t.lat * 100), floor(t.lng * 100)`,
    [n, JSON.stringify(CITIES)])
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
 * Executor that asks PostgreSQL itself how long each statement took to plan and run (EXPLAIN ANALYZE),
 * so "inside the database" excludes the client, the network and a busy machine's scheduling.
 */
function serverTimer(db, sink) {
  return {
    execute: async (sql, params = []) => {
      let i = 0
      const res = await db.query(`explain (analyze, format json) ${sql.replace(/\?/g, () => `$${++i}`)}`, params)
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

async function http(url, path, headers, seconds, connections) {
  const r = await autocannon({ url: url + path, connections, duration: seconds, headers })
  return {
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    throughput_per_s: r.requests.average,
    non_2xx: r.non2xx,
    errors: r.errors,
  }
}

async function main() {
  const scratch = await scratchDatabase(opts.db)
  const out = { benchmark: "nearby", n: opts.n, radius_m: 3000, limit: 20 }
  try {
    await runMedusa(["db:migrate"], { env: { ...process.env, DATABASE_URL: scratch.url, LOG_LEVEL: "error" }, quiet: true })
    const db = new Client({ connectionString: scratch.url })
    await db.connect()
    out.generate_ms = await generate(db, opts.n)
    const provider = new PgGeoProvider(executor(db))
    if (opts.cluster !== "false") {
      // What `npm run reindex -- --cluster` does: rows of neighbouring shops share pages.
      const t = Date.now()
      await provider.optimize()
      out.cluster_ms = Date.now() - t
    }
    const base = { radius_m: 3000, limit: 20, offset: 0, sort: "distance", now: new Date() }
    // Server-side time (plan + execute, both statements of a search) and client round trip, side by side.
    out.in_database_server_time = {
      nearest: await serverLoop(db, opts.iterations, (i) => ({ ...base, ...point(i) })),
      nearest_keyword: await serverLoop(db, opts.iterations, (i) => ({ ...base, ...point(i), q: "火锅" })),
      nearest_category: await serverLoop(db, opts.iterations, (i) => ({ ...base, ...point(i), category: "beauty" })),
    }
    out.in_database = {
      nearest: await timeLoop(opts.iterations, (i) => provider.search({ ...base, ...point(i) })),
      nearest_keyword: await timeLoop(opts.iterations, (i) => provider.search({ ...base, ...point(i), q: "火锅" })),
      nearest_category: await timeLoop(opts.iterations, (i) => provider.search({ ...base, ...point(i), category: "beauty" })),
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
      await runMedusa(["exec", "./src/scripts/seed.ts"], {
        env: { ...process.env, DATABASE_URL: scratch.url, LOG_LEVEL: "error", SEED_DEMO: "false" },
        quiet: true,
      })
      const pkDb = new Client({ connectionString: scratch.url })
      await pkDb.connect()
      const { rows } = await pkDb.query("select token from api_key where type = 'publishable' and revoked_at is null limit 1")
      await pkDb.end()
      const server = await startServer(scratch.url)
      try {
        const headers = { "x-publishable-api-key": rows[0].token }
        const p = point(0)
        out.http = {
          connections: opts.connections,
          seconds: opts.http_seconds,
          nearest: await http(server.url, `/store/merchants/search?lat=${p.lat}&lng=${p.lng}&radius_m=3000&limit=20`, headers, opts.http_seconds, opts.connections),
          nearest_keyword: await http(server.url, `/store/merchants/search?lat=${p.lat}&lng=${p.lng}&radius_m=3000&limit=20&q=${encodeURIComponent("火锅")}`, headers, opts.http_seconds, opts.connections),
          baseline_store_products: await http(server.url, "/store/products?limit=20", headers, opts.http_seconds, opts.connections),
        }
      } finally {
        await server.stop()
      }
    }
  } finally {
    await scratch.stop()
  }
  console.log(JSON.stringify(out, null, 2))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
