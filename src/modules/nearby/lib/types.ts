/** One approved shop as the nearby index holds it (location in GCJ-02). */
export type MerchantDoc = {
  id: string
  slug: string
  name: string
  category: string
  category_name: string
  city: string
  district: string | null
  lat: number
  lng: number
  rating_avg: number
  rating_count: number
  monthly_sales: number
  logo: string | null
  tags: string[]
  /** Published products; `rating`/`rating_count` are the product's visible reviews (review module). */
  products: { id: string; title: string; price: number | null; thumbnail?: string | null; rating?: number; rating_count?: number }[]
  /** Opening intervals from yesterday to a week ahead, so "open now" is a lookup, not a computation. */
  open_intervals: { start: string; end: string }[]
}

export type NearbySort = "distance" | "rating" | "relevance"

export type NearbyQuery = {
  lat: number
  lng: number
  radius_m: number
  q?: string
  category?: string
  open_now?: boolean
  min_rating?: number
  sort: NearbySort
  limit: number
  offset: number
  /** The instant "open now" refers to; the route passes the request time. */
  now: Date
}

export type NearbyHit = {
  id: string
  slug: string
  name: string
  category: string
  city: string
  district: string | null
  lat: number
  lng: number
  logo: string | null
  rating: number
  rating_count: number
  monthly_sales: number
  open_now: boolean
  distance_m: number
  /** The shop's products matching `q` (none without `q`), each with its own rating. */
  products: HitProduct[]
}

export type HitProduct = {
  id: string
  title: string
  price: number | null
  thumbnail: string | null
  rating: number
  rating_count: number
}

export type NearbyResult = {
  hits: NearbyHit[]
  count: number
  facets: { category: Record<string, number> }
  provider: string
}

/** What both engines implement; shaped like Medusa's search providers so it can move there later. */
export interface NearbyProvider {
  readonly identifier: string
  ensureIndex(): Promise<void>
  upsertDocuments(docs: MerchantDoc[]): Promise<void>
  deleteDocuments(ids: string[]): Promise<void>
  clear(): Promise<void>
  count(): Promise<number>
  search(query: NearbyQuery): Promise<NearbyResult>
  /** Engine housekeeping after a full rebuild (optional). */
  optimize?(): Promise<void>
  /** Ids of indexed shops whose product list contains the product (for product deletions). */
  merchantIdsWithProduct(productId: string): Promise<string[]>
  /** Every document id in the index (a full rebuild removes the ones it did not write). */
  allIds(): Promise<string[]>
}
