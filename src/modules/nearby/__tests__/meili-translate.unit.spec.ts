import { MEILI_SETTINGS, toMeiliSearch } from "../lib/meili-translate"
import { openBuckets, bucketOf } from "../lib/open-windows"
import { toMeiliDocument } from "../providers/meilisearch"
import type { NearbyQuery } from "../lib/types"

const base: NearbyQuery = {
  lat: 31.2304,
  lng: 121.4737,
  radius_m: 3000,
  sort: "distance",
  limit: 20,
  offset: 40,
  now: new Date("2026-11-28T04:07:00Z"),
}

describe("translating a nearby query into Meilisearch", () => {
  it("filters by radius and sorts by distance from the point", () => {
    const r = toMeiliSearch(base)
    expect(r.filter).toEqual(["_geoRadius(31.2304, 121.4737, 3000)"])
    expect(r.sort).toEqual(["_geoPoint(31.2304, 121.4737):asc"])
    expect(r).toMatchObject({ q: "", limit: 20, offset: 40, facets: ["category"] })
  })

  it("adds category, rating and open-now filters, and keeps facets across categories", () => {
    const r = toMeiliSearch({ ...base, category: 'fo"od', min_rating: 4.5, open_now: true })
    expect(r.filter).toEqual([
      "_geoRadius(31.2304, 121.4737, 3000)",
      'category = "fo\\"od"',
      "rating >= 4.5",
      `open_buckets = ${bucketOf(base.now)}`,
    ])
    expect(r.facetFilter).not.toContain('category = "fo\\"od"')
    expect(r.facetFilter).toContain("rating >= 4.5")
  })

  it("sorts by rating then distance, and leaves relevance to the engine when there is a keyword", () => {
    expect(toMeiliSearch({ ...base, sort: "rating" }).sort).toEqual(["rating:desc", "_geoPoint(31.2304, 121.4737):asc"])
    // No geo sort even as a tie-breaker: "sort" is the first ranking rule, so it would outrank relevance.
    // The hits then lack _geoDistance; meilisearch-provider.unit.spec.ts checks the distance is still there.
    expect(toMeiliSearch({ ...base, sort: "relevance", q: "火锅" }).sort).toBeUndefined()
    expect(toMeiliSearch({ ...base, sort: "relevance" }).sort).toEqual(["_geoPoint(31.2304, 121.4737):asc"])
  })

  it("puts sort first in the ranking rules, disables typos on Chinese fields, and sets Chinese", () => {
    expect(MEILI_SETTINGS.rankingRules[0]).toBe("sort")
    expect(MEILI_SETTINGS.filterableAttributes).toEqual(
      expect.arrayContaining(["_geo", "category", "city", "status", "open_buckets", "rating", "product_ids"])
    )
    expect(MEILI_SETTINGS.sortableAttributes).toEqual(expect.arrayContaining(["_geo", "rating", "sales"]))
    expect(MEILI_SETTINGS.typoTolerance.disableOnAttributes).toContain("name")
    expect(MEILI_SETTINGS.localizedAttributes[0].locales).toEqual(["cmn"])
  })

  it("stores the location as _geo and open hours as whole quarter-hour buckets", () => {
    const doc = toMeiliDocument({
      id: "mer_1",
      slug: "s",
      name: "店",
      category: "food",
      category_name: "餐饮美食",
      city: "上海",
      district: null,
      lat: 31.2,
      lng: 121.4,
      rating_avg: 4.5,
      rating_count: 10,
      monthly_sales: 3,
      logo: null,
      tags: [],
      products: [{ id: "p", title: "火锅套餐", price: 99 }],
      open_intervals: [{ start: "2026-11-28T02:07:00Z", end: "2026-11-28T03:00:00Z" }],
    })
    expect(doc._geo).toEqual({ lat: 31.2, lng: 121.4 })
    expect(doc.product_titles).toEqual(["火锅套餐"])
    expect(doc.product_ids).toEqual(["p"])
    // 02:07 is not a quarter hour: the 02:00–02:15 bucket is left out, never shown open while closed.
    const first = Date.parse("2026-11-28T02:15:00Z") / 900000
    expect(doc.open_buckets).toEqual([first, first + 1, first + 2])
    expect(openBuckets([])).toEqual([])
  })
})
