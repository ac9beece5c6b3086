import { openBuckets, bucketOf } from "../lib/open-windows"
import { MEILI_SETTINGS, toMeiliSearch } from "../lib/meili-translate"
import type { MerchantDoc, NearbyHit, NearbyProvider, NearbyQuery, NearbyResult } from "../lib/types"
import { queryTokens, titleMatches } from "../lib/segment"

export type MeilisearchOptions = { host?: string; apiKey?: string; indexName?: string }

// meilisearch is an ES module; a dynamic import keeps this CommonJS build (and Jest) working.
const importMeili = () => new Function("m", "return import(m)")("meilisearch") as Promise<any>

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
    open_buckets: openBuckets(d.open_intervals),
  }
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
    await this.client.createIndex(this.indexName, { primaryKey: "id" }).waitTask().catch(() => undefined)
    await index.updateSettings(MEILI_SETTINGS).waitTask()
  }

  async upsertDocuments(docs: MerchantDoc[]) {
    if (!docs.length) return
    const index = await this.index()
    await index.addDocuments(docs.map(toMeiliDocument), { primaryKey: "id" }).waitTask()
  }

  async deleteDocuments(ids: string[]) {
    if (!ids.length) return
    const index = await this.index()
    await index.deleteDocuments(ids).waitTask()
  }

  async clear() {
    const index = await this.index()
    await index.deleteAllDocuments().waitTask()
  }

  async count() {
    const index = await this.index()
    const stats = await index.getStats()
    return stats.numberOfDocuments ?? 0
  }

  async merchantIdsWithProduct(productId: string) {
    const index = await this.index()
    const res = await index.search(productId, { attributesToSearchOn: ["products"], limit: 1000 }).catch(() => ({ hits: [] }))
    return (res.hits ?? []).filter((h: any) => (h.products ?? []).some((p: any) => p.id === productId)).map((h: any) => h.id)
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
    const tokens = query.q ? queryTokens(query.q) : { cjk: [], latin: [] }
    const nowBucket = bucketOf(query.now)
    const hits: NearbyHit[] = (res.hits ?? []).map((h: any) => ({
      id: h.id,
      slug: h.slug,
      name: h.name,
      category: h.category,
      city: h.city,
      district: h.district ?? null,
      lat: h._geo.lat,
      lng: h._geo.lng,
      logo: h.logo ?? null,
      rating: h.rating,
      rating_count: h.rating_count,
      monthly_sales: h.sales,
      open_now: (h.open_buckets ?? []).includes(nowBucket),
      distance_m: h._geoDistance,
      products: query.q ? (h.products ?? []).filter((p: any) => titleMatches(p.title, tokens)) : [],
    }))
    const facets = (facetRes.facetDistribution?.category ?? {}) as Record<string, number>
    return { hits, count: res.estimatedTotalHits ?? res.totalHits ?? hits.length, facets: { category: facets }, provider: this.identifier }
  }
}
