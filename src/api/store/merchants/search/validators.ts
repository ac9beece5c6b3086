import { z } from "@medusajs/framework/zod"

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")

/**
 * A numeric query parameter. z.coerce.number() would read `lat=` as 0 (a point in the Gulf of Guinea)
 * and `offset=` as 0; an empty or non-numeric value is refused instead, with the parameter named.
 */
function numeric(name: string, label: string, min: number, max: number, opts: { int?: boolean } = {}) {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim()
    const n = Number(text)
    const fail = (zh: string, en: string) => {
      ctx.addIssue({ code: "custom", message: `${name}: ${label}${zh} (${name} ${en}, got "${raw}")` })
      return z.NEVER
    }
    if (text === "" || !Number.isFinite(n)) return fail("必须是数字，不能为空", "must be a number")
    if (opts.int && !Number.isInteger(n)) return fail("必须是整数", "must be an integer")
    if (n < min || n > max) return fail(`必须在 ${min} 到 ${max} 之间`, `must be between ${min} and ${max}`)
    return n
  })
}

/**
 * Query of GET /store/merchants/search. Medusa's validator makes the object strict: an unknown
 * parameter (a typo such as `radius=`) is a 400 naming it rather than silently ignored.
 */
export const StoreNearbySearch = z
  .object({
    lat: numeric("lat", "纬度", -90, 90),
    lng: numeric("lng", "经度", -180, 180),
    coord_system: z.enum(["gcj02", "wgs84", "bd09"]).default("gcj02"),
    radius_m: numeric("radius_m", "搜索半径", 1, 50000, { int: true }).default(5000),
    q: z.string().trim().min(1).max(50).optional(),
    category: z.string().trim().min(1).max(40).optional(),
    open_now: bool.optional(),
    min_rating: numeric("min_rating", "最低评分", 0, 5).optional(),
    sort: z.enum(["distance", "rating", "relevance"]).optional(),
    limit: numeric("limit", "每页条数", 1, 100, { int: true }).default(20),
    offset: numeric("offset", "偏移量", 0, 5000, { int: true }).default(0),
  })
  .strict()
export type StoreNearbySearchType = z.infer<typeof StoreNearbySearch>
