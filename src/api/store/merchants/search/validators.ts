import { z } from "@medusajs/framework/zod"

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")

export const StoreNearbySearch = z
  .object({
    lat: z.coerce.number().min(-90).max(90),
    lng: z.coerce.number().min(-180).max(180),
    coord_system: z.enum(["gcj02", "wgs84", "bd09"]).default("gcj02"),
    radius_m: z.coerce.number().int().min(1).max(50000).default(5000),
    q: z.string().trim().min(1).max(50).optional(),
    category: z.string().trim().min(1).max(40).optional(),
    open_now: bool.optional(),
    min_rating: z.coerce.number().min(0).max(5).optional(),
    sort: z.enum(["distance", "rating", "relevance"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(5000).default(0),
  })
  .strict()
export type StoreNearbySearchType = z.infer<typeof StoreNearbySearch>
