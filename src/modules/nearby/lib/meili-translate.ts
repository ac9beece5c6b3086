import type { NearbyQuery } from "./types"
import { bucketOf } from "./open-windows"

/** Index settings: what Meilisearch searches, filters and sorts on, and how it ranks. */
export const MEILI_SETTINGS = {
  searchableAttributes: ["name", "category_name", "product_titles", "tags"],
  filterableAttributes: ["_geo", "category", "city", "status", "open_buckets", "rating", "product_ids"],
  sortableAttributes: ["_geo", "rating", "sales"],
  // "sort" first: when the caller sorts by distance, distance decides before text relevance does.
  rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness"],
  // Typos are not a thing in Chinese input methods; fuzzy matching only brings wrong shops.
  typoTolerance: { disableOnAttributes: ["name", "category_name", "product_titles", "tags"] },
  localizedAttributes: [{ attributePatterns: ["*"], locales: ["cmn"] }],
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 5000 },
} as const

export const meiliQuote = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`

/** The Meilisearch search request for a nearby query (filter, sort, facets, paging). */
export function toMeiliSearch(query: NearbyQuery) {
  const filter: string[] = [`_geoRadius(${query.lat}, ${query.lng}, ${Math.round(query.radius_m)})`]
  if (query.category) filter.push(`category = ${meiliQuote(query.category)}`)
  if (query.min_rating !== undefined) filter.push(`rating >= ${query.min_rating}`)
  if (query.open_now) filter.push(`open_buckets = ${bucketOf(query.now)}`)
  const geo = `_geoPoint(${query.lat}, ${query.lng}):asc`
  // Relevance with a keyword gets no geo sort: "sort" is the first ranking rule, so even a tie-breaking
  // _geoPoint would order by distance before text relevance. Hits then carry no _geoDistance, and the
  // provider computes the distance from each hit's _geo.
  const sort =
    query.sort === "rating" ? ["rating:desc", geo] : query.sort === "relevance" && query.q ? undefined : [geo]
  return {
    q: query.q ?? "",
    filter,
    sort,
    facets: ["category"],
    limit: query.limit,
    offset: query.offset,
    // Facet counts ignore the category filter, so the tabs show what each category would return.
    facetFilter: filter.filter((f) => !f.startsWith("category ")),
    attributesToRetrieve: ["*"],
  }
}
