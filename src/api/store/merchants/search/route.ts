import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../modules/merchant"
import type MerchantModuleService from "../../../../modules/merchant/service"
import { toGCJ02 } from "../../../../modules/merchant/utils"
import { NEARBY_MODULE } from "../../../../modules/nearby"
import type NearbyModuleService from "../../../../modules/nearby/service"
import type { StoreNearbySearchType } from "./validators"

/**
 * Active category slugs, reused for a few seconds: nearby search is the hottest consumer path and the
 * category list changes a few times a year. Only a hit is taken on trust; a slug missing from the
 * cached set is looked up again, so a category created a moment ago works at once.
 */
const CATEGORY_TTL_MS = 10_000
let activeCategories: { slugs: Set<string>; at: number } | null = null

async function isActiveCategory(merchants: MerchantModuleService, slug: string) {
  if (activeCategories && Date.now() - activeCategories.at < CATEGORY_TTL_MS && activeCategories.slugs.has(slug)) {
    return true
  }
  const active = await merchants.listMerchantCategories({ is_active: true }, { select: ["slug"] })
  activeCategories = { slugs: new Set(active.map((c) => c.slug)), at: Date.now() }
  return activeCategories.slugs.has(slug)
}

/** 附近: shops within a radius, by keyword, category, open now and rating; nearest first by default. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const p = req.validatedQuery as unknown as StoreNearbySearchType
  const point = toGCJ02({ lat: p.lat, lng: p.lng, coord_system: p.coord_system })
  if (!point.ok) {
    const e = point.errors[0]
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${e.field}: ${e.message} (${e.message_en})`)
  }
  if (p.category) {
    const merchants: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
    if (!(await isActiveCategory(merchants, p.category))) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `category: 未知的商家类目 "${p.category}" (unknown category)`)
    }
  }
  const nearby: NearbyModuleService = req.scope.resolve(NEARBY_MODULE)
  const result = await nearby.searchNearby({
    lat: point.lat,
    lng: point.lng,
    radius_m: p.radius_m,
    q: p.q,
    category: p.category,
    open_now: p.open_now,
    min_rating: p.min_rating,
    sort: p.sort ?? (p.q ? "relevance" : "distance"),
    limit: p.limit,
    offset: p.offset,
    now: new Date(),
  })
  res.json({
    hits: result.hits,
    count: result.count,
    limit: p.limit,
    offset: p.offset,
    facets: result.facets,
    center: { lat: point.lat, lng: point.lng, coord_system: "gcj02" },
  })
}
