import { haversineMeters } from "../../merchant/utils"
import { openBuckets, bucketOf } from "../lib/open-windows"
import { MEILI_SETTINGS, meiliQuote, toMeiliSearch } from "../lib/meili-translate"
import type { MerchantDoc, NearbyHit, NearbyProvider, NearbyQuery, NearbyResult } from "../lib/types"
import { queryTokens, titleMatches } from "../lib/segment"
import { toHitProduct } from "../lib/hits"

export type MeilisearchOptions = { host?: string; apiKey?: string; indexName?: string }

/**
 * How long a write may wait for its Meilisearch task. The client's default (5 s) is too short for a
 * batch of 500 documents on a busy server, and a settings change re-indexes every document.
 */
export const TASK_TIMEOUT_MS = { documents: 120_000, settings: 600_000, small: 30_000 } as const

type EnqueuedTaskPromise = Promise<unknown> & {
  waitTask: (o?: { timeout?: number }) => Promise<{ uid: number; type: string; status: string; error: any }>
}

/**
 * Awaits a Meilisearch task and throws unless it succeeded. meilisearch 0.62's waitTask resolves with
 * failed and canceled tasks alike, so without this check a rejected write looks like a success.
 * `tolerate` lists error codes that mean "already as wanted" (index_already_exists).
 */
export async function awaitTask(p: EnqueuedTaskPromise, timeout: number, tolerate: string[] = []) {
  const task = await p.waitTask({ timeout })
  if (task.status === "succeeded") return task
  if (task.error?.code && tolerate.includes(task.error.code)) return task
  throw new Error(
    `Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? "no error given"}` +
      (task.error?.code ? ` [${task.error.code}]` : "")
  )
}

// meilisearch is an ES module; a dynamic import keeps this CommonJS build working (Jest needs
// --experimental-vm-modules for it, which `npm test` passes).
const importMeili = () => new Function("m", "return import(m)")("meilisearch") as Promise<any>

const apiErrorCode = (e: any): string | undefined => e?.cause?.code

export function toMeiliDocument(d: MerchantDoc) {
  return {
    id: d.id,
    slug: d.slug,
    name: d.name,
    category: d.category,
    category_name: d.category_name,
    city: d.city,
    district: d.district,
    status: "approved",
    _geo: { lat: d.lat, lng: d.lng },
    rating: d.rating_avg,
    rating_count: d.rating_count,
    sales: d.monthly_sales,
    logo: d.logo,
    tags: d.tags,
    products: d.products,
    product_titles: d.products.map((p) => p.title),
    // Filterable, so the shops listing a deleted product are found by filter (see merchantIdsWithProduct).
    product_ids: d.products.map((p) => p.id),
    open_buckets: openBuckets(d.open_intervals),
  }
}

/** Turns a Meilisearch response into nearby hits (distance, open flag, matching products). */
export function fromMeiliResponse(query: NearbyQuery, res: any, facetRes: any, provider = "meilisearch"): NearbyResult {
  const tokens = query.q ? queryTokens(query.q) : { cjk: [], latin: [] }
  const nowBucket = bucketOf(query.now)
  const hits: NearbyHit[] = (res.hits ?? []).map((h: any) => {
    const lat = Number(h._geo.lat)
    const lng = Number(h._geo.lng)
    // Meilisearch reports _geoDistance only when it sorted by _geoPoint, which a keyword search by
    // relevance does not (a geo sort would outrank relevance, "sort" being the first ranking rule).
    const distance =
      typeof h._geoDistance === "number" ? h._geoDistance : haversineMeters({ lat: query.lat, lng: query.lng }, { lat, lng })
    return {
      id: h.id,
      slug: h.slug,
      name: h.name,
      category: h.category,
      city: h.city,
      district: h.district ?? null,
      lat,
      lng,
      logo: h.logo ?? null,
      rating: h.rating,
      rating_count: h.rating_count,
      monthly_sales: h.sales,
      open_now: (h.open_buckets ?? []).includes(nowBucket),
      distance_m: Math.round(distance * 10) / 10,
      products: query.q ? (h.products ?? []).filter((p: any) => titleMatches(p.title, tokens)).map(toHitProduct) : [],
    }
  })
  const facets = (facetRes.facetDistribution?.category ?? {}) as Record<string, number>
  return { hits, count: res.estimatedTotalHits ?? res.totalHits ?? hits.length, facets: { category: facets }, provider }
}

/** Nearby search on Meilisearch: `_geoRadius` filters, `_geoPoint` sorts, `_geoDistance` is the distance. */
export class MeilisearchProvider implements NearbyProvider {
  readonly identifier = "meilisearch"
  private client: any = null
  private readonly indexName: string

  constructor(private readonly options: MeilisearchOptions) {
    this.indexName = options.indexName ?? "tongcheng_merchants"
  }

  private async index() {
    if (!this.client) {
      const { Meilisearch } = await importMeili()
      this.client = new Meilisearch({ host: this.options.host!, apiKey: this.options.apiKey })
    }
    return this.client.index(this.indexName)
  }

  async ensureIndex() {
    const index = await this.index()
    await awaitTask(this.client.createIndex(this.indexName, { primaryKey: "id" }), TASK_TIMEOUT_MS.small, [
      "index_already_exists",
    ])
    await awaitTask(index.updateSettings(MEILI_SETTINGS), TASK_TIMEOUT_MS.settings)
  }

  async upsertDocuments(docs: MerchantDoc[]) {
    if (!docs.length) return
    const index = await this.index()
    await awaitTask(index.addDocuments(docs.map(toMeiliDocument), { primaryKey: "id" }), TASK_TIMEOUT_MS.documents)
  }

  async deleteDocuments(ids: string[]) {
    if (!ids.length) return
    const index = await this.index()
    await awaitTask(index.deleteDocuments(ids), TASK_TIMEOUT_MS.documents)
  }

  async clear() {
    const index = await this.index()
    await awaitTask(index.deleteAllDocuments(), TASK_TIMEOUT_MS.documents)
  }

  async count() {
    const index = await this.index()
    try {
      const stats = await index.getStats()
      return stats.numberOfDocuments ?? 0
    } catch (e) {
      // No index yet is an empty index: the refresh job then creates and fills it.
      if (apiErrorCode(e) === "index_not_found") return 0
      throw e
    }
  }

  async allIds() {
    const index = await this.index()
    const ids: string[] = []
    for (let offset = 0; ; offset += 10_000) {
      const page = await index.getDocuments({ fields: ["id"], offset, limit: 10_000 })
      ids.push(...(page.results ?? []).map((d: any) => String(d.id)))
      if ((page.results ?? []).length < 10_000) return ids
    }
  }

  async merchantIdsWithProduct(productId: string) {
    const index = await this.index()
    // product_ids is a filterable attribute: an exact lookup, not a text search (and not swallowed:
    // the subscriber logs a failure and the periodic rebuild repairs the index).
    const res = await index.getDocuments({ filter: `product_ids = ${meiliQuote(productId)}`, fields: ["id"], limit: 1000 })
    return (res.results ?? []).map((d: any) => String(d.id))
  }

  async search(query: NearbyQuery): Promise<NearbyResult> {
    const index = await this.index()
    const req = toMeiliSearch(query)
    const [res, facetRes] = await Promise.all([
      index.search(req.q, {
        filter: req.filter,
        sort: req.sort,
        limit: req.limit,
        offset: req.offset,
        attributesToRetrieve: req.attributesToRetrieve,
      }),
      index.search(req.q, { filter: req.facetFilter, facets: req.facets, limit: 0 }),
    ])
    return fromMeiliResponse(query, res, facetRes, this.identifier)
  }
}
