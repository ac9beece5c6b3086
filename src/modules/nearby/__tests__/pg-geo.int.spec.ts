import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "node:path"
import { Client } from "pg"
import { NEARBY_MODULE } from ".."
import { NearbyIndexState } from "../models/index-state"
import type NearbyModuleService from "../service"
import type { MerchantDoc, NearbyQuery } from "../lib/types"
import { PgGeoProvider } from "../providers/pg-geo"
import { haversineMeters } from "../../merchant/utils"

jest.setTimeout(180 * 1000)

// Deterministic pseudo-random numbers, so a failure can be replayed.
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const CATEGORIES = ["food", "beauty", "housekeeping", "fitness", "takeout"]
const NOW = new Date("2026-11-28T12:00:00+08:00")
const ALWAYS = [{ start: "2026-11-20T00:00:00Z", end: "2026-12-10T00:00:00Z" }]

function doc(i: number, lat: number, lng: number, over: Partial<MerchantDoc> = {}): MerchantDoc {
  return {
    id: `mer_${String(i).padStart(6, "0")}`,
    slug: `shop-${i}`,
    name: `测试商户${i}`,
    category: CATEGORIES[i % CATEGORIES.length],
    category_name: "",
    city: "上海",
    district: null,
    lat,
    lng,
    rating_avg: (i * 7) % 51 / 10,
    rating_count: i % 13,
    monthly_sales: i % 100,
    logo: null,
    tags: [],
    products: [],
    open_intervals: i % 2 ? ALWAYS : [],
    ...over,
  }
}

function generate(n: number) {
  const r = rng(42)
  const docs: MerchantDoc[] = []
  for (let i = 0; i < n; i++) {
    // Spread over greater Shanghai (about 60 km × 60 km).
    docs.push(doc(i, 30.95 + r() * 0.55, 121.15 + r() * 0.65))
  }
  return docs
}

function bruteForce(docs: MerchantDoc[], q: NearbyQuery) {
  const inRadius = docs
    .map((d) => ({ d, dist: haversineMeters({ lat: q.lat, lng: q.lng }, { lat: d.lat, lng: d.lng }) }))
    .filter((x) => x.dist <= q.radius_m)
    .filter((x) => !q.open_now || x.d.open_intervals.length > 0)
    .filter((x) => q.min_rating === undefined || x.d.rating_avg >= q.min_rating)
  const facets: Record<string, number> = {}
  for (const x of inRadius) facets[x.d.category] = (facets[x.d.category] ?? 0) + 1
  const matching = inRadius
    .filter((x) => !q.category || x.d.category === q.category)
    .sort((a, b) => a.dist - b.dist || a.d.id.localeCompare(b.d.id))
  return { facets, count: matching.length, top: matching.slice(q.offset, q.offset + q.limit) }
}

moduleIntegrationTestRunner<NearbyModuleService>({
  moduleName: NEARBY_MODULE,
  resolve: path.join(__dirname, ".."),
  moduleModels: [NearbyIndexState],
  // The document table is plain SQL in a migration, so the suite runs migrations, not a model sync.
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  testSuite: ({ service, dbConfig }) => {
    const base = { sort: "distance" as const, limit: 100, offset: 0, now: NOW }

    describe("geo results equal a brute-force haversine scan", () => {
      const docs = generate(3000)
      beforeEach(async () => {
        await service.upsertMerchantDocs(docs)
      })

      const points = [
        { lat: 31.2304, lng: 121.4737 },
        { lat: 31.1, lng: 121.3 },
        { lat: 31.4, lng: 121.7 },
        { lat: 30.96, lng: 121.16 },
      ]
      const cases: [number, string | undefined][] = [
        [500, undefined],
        [3000, undefined],
        [3000, "food"],
        [10000, undefined],
        [10000, "beauty"],
        [50000, undefined],
      ]
      for (const p of points) {
        for (const [radius, category] of cases) {
          it(`at ${p.lat},${p.lng} within ${radius} m${category ? " in " + category : ""}`, async () => {
            const q: NearbyQuery = { ...base, ...p, radius_m: radius, category }
            const got = await service.searchNearby(q)
            const want = bruteForce(docs, q)
            expect(got.hits.map((h) => h.id)).toEqual(want.top.map((x) => x.d.id))
            got.hits.forEach((h, i) => expect(Math.abs(h.distance_m - want.top[i].dist)).toBeLessThan(1))
            expect(got.count).toBe(want.count)
            expect(got.facets.category).toEqual(want.facets)
          })
        }
      }

      // A rating floor or "open now" takes the other plan (one scan of the circle feeding page and facets).
      const filtered: [string, Partial<NearbyQuery>][] = [
        ["5 km, open now", { open_now: true }],
        ["5 km, rated 3 and up, open now, food", { open_now: true, min_rating: 3, category: "food" }],
        ["rated 4 and up, 10 km, 2nd page", { min_rating: 4, radius_m: 10000, limit: 10, offset: 10 }],
      ]
      for (const p of points.slice(0, 2)) {
        for (const [label, extra] of filtered) {
          it(`at ${p.lat},${p.lng}, ${label}`, async () => {
            const q: NearbyQuery = { ...base, ...p, radius_m: 5000, ...extra }
            const got = await service.searchNearby(q)
            const want = bruteForce(docs, q)
            expect(want.top.length).toBeGreaterThan(0)
            expect(got.hits.map((h) => h.id)).toEqual(want.top.map((x) => x.d.id))
            got.hits.forEach((h, i) => expect(Math.abs(h.distance_m - want.top[i].dist)).toBeLessThan(1))
            expect(got.count).toBe(want.count)
            expect(got.facets.category).toEqual(want.facets)
          })
        }
      }

      it("a keyword search equals the brute-force scan of the shops with that word, across grid cells and radii", async () => {
        // One shop in four sells 火锅; 800 m and 3 km go through the grid cells, 7 and 20 km check each shop.
        const hot = new Map(docs.filter((_, i) => i % 4 === 0).map((d) => [d.id, { ...d, name: `${d.name}火锅` }]))
        await service.upsertMerchantDocs([...hot.values()])
        for (const p of points) {
          for (const radius of [800, 3000, 7000, 20000]) {
            const q: NearbyQuery = { ...base, ...p, radius_m: radius, q: "火锅" }
            const got = await service.searchNearby(q)
            const want = bruteForce([...hot.values()], q)
            expect(got.hits.map((h) => h.id)).toEqual(want.top.map((x) => x.d.id))
            expect(got.count).toBe(want.count)
            expect(got.facets.category).toEqual(want.facets)
          }
        }
      })

      it("pages through results without gaps or repeats", async () => {
        const q: NearbyQuery = { ...base, lat: 31.2304, lng: 121.4737, radius_m: 8000, limit: 25 }
        const want = bruteForce(docs, { ...q, limit: 1000 })
        const seen: string[] = []
        for (let offset = 0; offset < 100; offset += 25) {
          const page = await service.searchNearby({ ...q, offset })
          seen.push(...page.hits.map((h) => h.id))
        }
        expect(seen).toEqual(want.top.slice(0, 100).map((x) => x.d.id))
      })

      it("pages through shops at the very same spot (one mall) in id order, none lost or repeated", async () => {
        // Twelve shops share one address; nearest-first pages of five cut right through that tie.
        const mall = { lat: 31.2304, lng: 121.4737 }
        const tied = Array.from({ length: 12 }, (_, i) => doc(900000 + ((i * 7) % 12), mall.lat, mall.lng))
        await service.upsertMerchantDocs(tied)
        const all = [...docs, ...tied]
        const q: NearbyQuery = { ...base, ...mall, radius_m: 300, limit: 5 }
        const want = bruteForce(all, { ...q, limit: 1000 }).top.map((x) => x.d.id)
        const seen: string[] = []
        for (let offset = 0; offset < want.length; offset += 5) {
          seen.push(...(await service.searchNearby({ ...q, offset })).hits.map((h) => h.id))
        }
        expect(seen).toEqual(want)
        expect(want.slice(0, 12)).toEqual(tied.map((d) => d.id).sort())
      })

      it("filters by open now and minimum rating, and sorts by rating", async () => {
        const q: NearbyQuery = { ...base, lat: 31.2304, lng: 121.4737, radius_m: 5000 }
        const open = await service.searchNearby({ ...q, open_now: true })
        expect(open.hits.length).toBeGreaterThan(0)
        expect(open.hits.every((h) => h.open_now)).toBe(true)
        const all = bruteForce(docs, q)
        expect(open.count).toBe(all.top.filter((x) => x.d.open_intervals.length).length)

        const rated = await service.searchNearby({ ...q, min_rating: 4, sort: "rating" })
        expect(rated.hits.every((h) => h.rating >= 4)).toBe(true)
        const ratings = rated.hits.map((h) => h.rating)
        expect(ratings).toEqual([...ratings].sort((a, b) => b - a))
      })
    })

    describe("Chinese keywords", () => {
      const c = { lat: 31.2304, lng: 121.4737 }
      const shops = [
        doc(1, 31.231, 121.474, { name: "重庆老火锅", category: "food" }),
        doc(2, 31.232, 121.475, { name: "家庭保洁服务", category: "housekeeping" }),
        doc(3, 31.233, 121.476, { name: "宝姐美甲", category: "beauty" }),
        doc(4, 31.234, 121.477, { name: "美食广场", category: "food" }),
        doc(5, 31.235, 121.478, {
          name: "阿芳造型",
          category: "beauty",
          products: [
            { id: "prod_1", title: "日式美甲套餐", price: 128 },
            { id: "prod_2", title: "洗剪吹", price: 68, rating: 4.8, rating_count: 5 },
          ],
        }),
        doc(6, 31.236, 121.479, { name: "Costa Coffee 静安店", category: "food" }),
      ]
      beforeEach(async () => {
        await service.upsertMerchantDocs(shops)
      })
      const names = async (q: string) =>
        (await service.searchNearby({ ...base, ...c, radius_m: 5000, q, sort: "relevance" })).hits.map((h) => h.name)

      it("火锅 finds 重庆老火锅", async () => {
        expect(await names("火锅")).toEqual(["重庆老火锅"])
      })
      it("保洁 finds 家庭保洁服务", async () => {
        expect(await names("保洁")).toEqual(["家庭保洁服务"])
      })
      it("美甲 finds the nail salon and the shop selling a 美甲 service, not 美食广场", async () => {
        const found = await names("美甲")
        expect(found).toEqual(["宝姐美甲", "阿芳造型"])
        expect(found).not.toContain("美食广场")
      })
      it("lists the matching products of a hit, each with its rating", async () => {
        const res = await service.searchNearby({ ...base, ...c, radius_m: 5000, q: "洗剪吹" })
        expect(res.hits.map((h) => h.name)).toEqual(["阿芳造型"])
        expect(res.hits[0].products).toEqual([
          { id: "prod_2", title: "洗剪吹", price: 68, thumbnail: null, rating: 4.8, rating_count: 5 },
        ])
        // A product without reviews (or indexed before product ratings) counts as unrated.
        const unrated = await service.searchNearby({ ...base, ...c, radius_m: 5000, q: "日式美甲" })
        expect(unrated.hits[0].products).toEqual([
          { id: "prod_1", title: "日式美甲套餐", price: 128, thumbnail: null, rating: 0, rating_count: 0 },
        ])
      })
      it("matches Latin words by prefix, case-insensitively", async () => {
        expect(await names("coff")).toEqual(["Costa Coffee 静安店"])
      })
      it("a removed shop no longer matches", async () => {
        await service.deleteMerchantDocs([shops[0].id])
        expect(await names("火锅")).toEqual([])
      })
    })

    describe("Latin names by trigram", () => {
      const c = { lat: 31.2304, lng: 121.4737 }
      const shops = [
        doc(21, 31.231, 121.474, { name: "Starbucks 星巴克 南京西路店", category: "food" }),
        doc(22, 31.232, 121.475, { name: "McDonald's 麦当劳", category: "takeout" }),
        doc(23, 31.233, 121.476, { name: "Costa Coffee 静安店", category: "food" }),
        doc(24, 31.234, 121.477, { name: "美食广场", category: "food" }),
        doc(25, 31.235, 121.478, { name: "宝姐美甲", category: "beauty" }),
        // Same brand, 25 km away: outside a 5 km radius.
        doc(26, 31.3833, 121.25, { name: "Starbucks 星巴克 嘉定店", category: "food" }),
      ]
      beforeEach(async () => {
        await service.upsertMerchantDocs(shops)
      })
      const names = async (q: string, radius_m = 5000, sort: NearbyQuery["sort"] = "relevance") =>
        (await service.searchNearby({ ...base, ...c, radius_m, q, sort })).hits.map((h) => h.name)

      it("finds a Latin name by prefix, part of a word, a slip or words run together, case-insensitively", async () => {
        expect(await names("Starbu")).toEqual(["Starbucks 星巴克 南京西路店"])
        expect(await names("bucks")).toEqual(["Starbucks 星巴克 南京西路店"])
        expect(await names("starbuks")).toEqual(["Starbucks 星巴克 南京西路店"])
        expect(await names("mcdon")).toEqual(["McDonald's 麦当劳"])
        expect(await names("MCDON", 5000, "distance")).toEqual(["McDonald's 麦当劳"])
        expect(await names("Mc Donald")).toEqual(["McDonald's 麦当劳"])
        expect(await names("donald")).toEqual(["McDonald's 麦当劳"])
      })

      it("stays inside the radius", async () => {
        expect(await names("starbuks", 50000, "distance")).toEqual(["Starbucks 星巴克 南京西路店", "Starbucks 星巴克 嘉定店"])
      })

      it("still requires the query's Chinese words, and keeps 美甲 away from 美食", async () => {
        expect(await names("starbuks 星巴克")).toEqual(["Starbucks 星巴克 南京西路店"])
        expect(await names("starbuks 麦当劳")).toEqual([])
        expect(await names("美甲")).toEqual(["宝姐美甲"])
        expect(await names("tea")).toEqual([])
        expect(await names("xyz")).toEqual([])
      })

      it("takes the name candidates from the trigram index on (location, Latin name)", async () => {
        // A table this small is read sequentially when allowed; with sequential scans priced out, the
        // plan shows whether the name test can use IDX_nearby_doc_latin_trgm at all.
        const db = new Client({ connectionString: dbConfig.clientUrl })
        await db.connect()
        try {
          await db.query("set enable_seqscan = off")
          let plan = ""
          const explain = {
            execute: async (sql: string, params: unknown[] = []) => {
              let i = 0
              const res = await db.query(`explain (format json) ${sql.replace(/\?/g, () => `$${++i}`)}`, params)
              plan = JSON.stringify(res.rows[0]["QUERY PLAN"])
              return []
            },
          }
          await new PgGeoProvider(explain).search({ ...base, ...c, radius_m: 5000, q: "starbuks" })
          expect(plan).toContain("IDX_nearby_doc_latin_trgm")
        } finally {
          await db.end()
        }
      })
    })
  },
})
