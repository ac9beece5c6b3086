import http from "node:http"
import type { AddressInfo } from "node:net"
import { haversineMeters } from "../../merchant/utils"
import { MEILI_SETTINGS } from "../lib/meili-translate"
import type { MerchantDoc, NearbyQuery } from "../lib/types"
import { MeilisearchProvider } from "../providers/meilisearch"

/**
 * The provider against a stand-in for the Meilisearch HTTP API, through the real meilisearch 0.62
 * client: what it sends (settings, filters, documents) and how it treats the answers (failed tasks,
 * missing index, hits without _geoDistance). The real server is exercised by meilisearch.int.spec.ts
 * when MEILISEARCH_HOST is set.
 */
type Seen = { method: string; path: string; query: URLSearchParams; body: any }
type Reply = { status?: number; body?: unknown }

class FakeMeili {
  seen: Seen[] = []
  routes = new Map<string, (s: Seen) => Reply>()
  /** How each task ends when polled; unknown tasks succeed. */
  tasks = new Map<number, { status: string; error?: unknown }>()
  private nextTask = 1
  private server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (c) => (raw += c))
    req.on("end", () => {
      const url = new URL(req.url!, "http://x")
      const seen = { method: req.method!, path: url.pathname, query: url.searchParams, body: raw ? JSON.parse(raw) : undefined }
      this.seen.push(seen)
      const reply = this.answer(seen)
      res.writeHead(reply.status ?? 200, { "content-type": "application/json" })
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body))
    })
  })

  private answer(s: Seen): Reply {
    const task = s.path.match(/^\/tasks\/(\d+)$/)
    if (task) {
      const uid = Number(task[1])
      const end = this.tasks.get(uid) ?? { status: "succeeded" }
      return { body: { uid, type: "documentAdditionOrUpdate", indexUid: "idx", error: null, ...end } }
    }
    const route = this.routes.get(`${s.method} ${s.path}`)
    if (route) return route(s)
    if (s.method !== "GET") {
      return { status: 202, body: { taskUid: this.nextTask++, indexUid: "idx", status: "enqueued", type: "x", enqueuedAt: "" } }
    }
    return { status: 404, body: { message: `no route ${s.method} ${s.path}`, code: "not_found", type: "invalid_request", link: "" } }
  }

  /** The uid the next write will get, to script how its task ends. */
  get upcomingTask() {
    return this.nextTask
  }

  writes(pathEnd: string) {
    return this.seen.filter((s) => s.method !== "GET" && s.path.endsWith(pathEnd))
  }

  async start() {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  stop() {
    return new Promise((r) => this.server.close(r))
  }
}

const doc = (over: Partial<MerchantDoc> = {}): MerchantDoc => ({
  id: "mer_1",
  slug: "s",
  name: "重庆老火锅",
  category: "food",
  category_name: "餐饮美食",
  city: "上海",
  district: null,
  lat: 31.2312,
  lng: 121.4745,
  rating_avg: 4.5,
  rating_count: 2,
  monthly_sales: 3,
  logo: null,
  tags: [],
  products: [
    { id: "prod_1", title: "招牌火锅套餐", price: 168, rating: 4.5, rating_count: 2 },
    { id: "prod_2", title: "酸梅汤", price: 8, rating: 0, rating_count: 0 },
  ],
  open_intervals: [],
  ...over,
})

const query: NearbyQuery = {
  lat: 31.2304,
  lng: 121.4737,
  radius_m: 3000,
  sort: "relevance",
  q: "火锅",
  limit: 20,
  offset: 0,
  now: new Date("2026-11-28T04:07:00Z"),
}

describe("Meilisearch provider (against a stand-in server)", () => {
  const fake = new FakeMeili()
  let provider: MeilisearchProvider
  beforeAll(async () => {
    provider = new MeilisearchProvider({ host: await fake.start(), indexName: "idx" })
  })
  afterAll(() => fake.stop())
  beforeEach(() => {
    fake.seen = []
    fake.routes.clear()
    fake.tasks.clear()
  })

  it("applies the index settings, taking an existing index as created", async () => {
    fake.tasks.set(fake.upcomingTask, {
      status: "failed",
      error: { message: "Index `idx` already exists.", code: "index_already_exists", type: "invalid_request", link: "" },
    })
    await provider.ensureIndex()
    expect(fake.writes("/indexes")[0].body).toEqual({ uid: "idx", primaryKey: "id" })
    const settings = fake.writes("/indexes/idx/settings")
    expect(settings).toHaveLength(1)
    expect(settings[0].method).toBe("PATCH")
    expect(settings[0].body).toEqual(JSON.parse(JSON.stringify(MEILI_SETTINGS)))
    expect(settings[0].body.filterableAttributes).toContain("product_ids")
  })

  it("throws when a settings task fails, with Meilisearch's reason", async () => {
    fake.tasks.set(fake.upcomingTask + 1, {
      status: "failed",
      error: { message: "Attribute `x` is not sortable.", code: "invalid_settings_sortable_attributes", type: "invalid_request", link: "" },
    })
    await expect(provider.ensureIndex()).rejects.toThrow(/failed: Attribute `x` is not sortable\. \[invalid_settings_sortable_attributes\]/)
  })

  it("throws when a document write fails or is canceled, instead of reporting success", async () => {
    fake.tasks.set(fake.upcomingTask, {
      status: "failed",
      error: { message: "The `_geo` field is invalid.", code: "invalid_document_geo_field", type: "invalid_request", link: "" },
    })
    await expect(provider.upsertDocuments([doc()])).rejects.toThrow("The `_geo` field is invalid.")
    fake.tasks.set(fake.upcomingTask, { status: "canceled" })
    await expect(provider.deleteDocuments(["mer_1"])).rejects.toThrow(/canceled/)
  })

  it("writes product ids (filterable) and product ratings into each document", async () => {
    await provider.upsertDocuments([doc()])
    const [write] = fake.writes("/indexes/idx/documents")
    expect(write.query.get("primaryKey")).toBe("id")
    expect(write.body[0]).toEqual(
      expect.objectContaining({
        id: "mer_1",
        _geo: { lat: 31.2312, lng: 121.4745 },
        product_ids: ["prod_1", "prod_2"],
        product_titles: ["招牌火锅套餐", "酸梅汤"],
      })
    )
    expect(write.body[0].products[0]).toEqual(expect.objectContaining({ id: "prod_1", rating: 4.5, rating_count: 2 }))
  })

  it("finds the shops listing a product by filter on product_ids, and does not hide a failure", async () => {
    fake.routes.set("POST /indexes/idx/documents/fetch", () => ({ body: { results: [{ id: "mer_1" }, { id: "mer_9" }], total: 2 } }))
    expect(await provider.merchantIdsWithProduct('prod_"1')).toEqual(["mer_1", "mer_9"])
    const [fetch] = fake.writes("/indexes/idx/documents/fetch")
    expect(fetch.body).toEqual(expect.objectContaining({ filter: 'product_ids = "prod_\\"1"', fields: ["id"] }))

    fake.routes.set("POST /indexes/idx/documents/fetch", () => ({
      status: 400,
      body: { message: "Attribute `product_ids` is not filterable.", code: "invalid_document_filter", type: "invalid_request", link: "" },
    }))
    await expect(provider.merchantIdsWithProduct("prod_1")).rejects.toThrow("not filterable")
  })

  it("counts a missing index as empty", async () => {
    fake.routes.set("GET /indexes/idx/stats", () => ({
      status: 404,
      body: { message: "Index `idx` not found.", code: "index_not_found", type: "invalid_request", link: "" },
    }))
    expect(await provider.count()).toBe(0)
    fake.routes.set("GET /indexes/idx/stats", () => ({ body: { numberOfDocuments: 7, isIndexing: false, fieldDistribution: {} } }))
    expect(await provider.count()).toBe(7)
  })

  it("lists every document id page by page", async () => {
    fake.routes.set("GET /indexes/idx/documents", (s) => {
      const offset = Number(s.query.get("offset"))
      const n = offset === 0 ? 10_000 : 3
      return { body: { results: Array.from({ length: n }, (_, i) => ({ id: `mer_${offset + i}` })), offset, limit: 10_000, total: 10_003 } }
    })
    const ids = await provider.allIds()
    expect(ids).toHaveLength(10_003)
    expect(ids[10_002]).toBe("mer_10002")
    expect(fake.seen.filter((s) => s.path === "/indexes/idx/documents").map((s) => s.query.get("fields"))).toEqual(["id", "id"])
  })

  describe("search", () => {
    const near = { lat: 31.2312, lng: 121.4745 }
    const hit = (extra: Record<string, unknown> = {}) => ({
      id: "mer_1",
      slug: "s",
      name: "重庆老火锅",
      category: "food",
      city: "上海",
      _geo: { lat: String(near.lat), lng: String(near.lng) },
      rating: 4.5,
      rating_count: 2,
      sales: 3,
      open_buckets: [],
      products: doc().products,
      ...extra,
    })
    const answer = (hits: unknown[]) =>
      fake.routes.set("POST /indexes/idx/search", (s) =>
        s.body.limit === 0
          ? { body: { hits: [], facetDistribution: { category: { food: 1 } }, estimatedTotalHits: 1 } }
          : { body: { hits, estimatedTotalHits: hits.length } }
      )

    it("by relevance with a keyword sends no geo sort and computes each distance from _geo", async () => {
      answer([hit()])
      const res = await provider.search(query)
      const sent = fake.writes("/indexes/idx/search").find((s) => s.body.limit !== 0)!
      expect(sent.body.sort).toBeUndefined()
      expect(sent.body.filter).toEqual(["_geoRadius(31.2304, 121.4737, 3000)"])
      const want = haversineMeters({ lat: query.lat, lng: query.lng }, near)
      expect(res.hits[0].distance_m).toBeCloseTo(want, 0)
      expect(res.hits[0].distance_m).toBeGreaterThan(100)
      expect(res.hits[0].lat).toBe(near.lat)
      expect(res.facets.category).toEqual({ food: 1 })
    })

    it("uses _geoDistance when Meilisearch sorted by distance", async () => {
      answer([hit({ _geoDistance: 111 })])
      const res = await provider.search({ ...query, sort: "distance" })
      const sent = fake.writes("/indexes/idx/search").find((s) => s.body.limit !== 0)!
      expect(sent.body.sort).toEqual(["_geoPoint(31.2304, 121.4737):asc"])
      expect(res.hits[0].distance_m).toBe(111)
    })

    it("lists the matching products with their rating; documents from before ratings count as unrated", async () => {
      answer([hit({ products: [...doc().products, { id: "prod_3", title: "鸳鸯火锅", price: 98 }] })])
      const res = await provider.search(query)
      expect(res.hits[0].products).toEqual([
        { id: "prod_1", title: "招牌火锅套餐", price: 168, thumbnail: null, rating: 4.5, rating_count: 2 },
        { id: "prod_3", title: "鸳鸯火锅", price: 98, thumbnail: null, rating: 0, rating_count: 0 },
      ])
    })
  })
})
