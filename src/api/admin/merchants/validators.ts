import { z } from "@medusajs/framework/zod"
import { reasonText } from "../../reason-text"

export const AdminListMerchants = z.object({
  status: z.enum(["pending", "approved", "rejected", "suspended"]).optional(),
  category: z.string().optional(),
  q: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
})
export type AdminListMerchantsType = z.infer<typeof AdminListMerchants>

export const AdminStatusReason = z.object({ reason: reasonText("原因") })
export type AdminStatusReasonType = z.infer<typeof AdminStatusReason>

export const AdminCreateCategory = z.object({
  slug: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, "slug: 小写字母、数字与连字符 (lowercase letters, digits, dashes)"),
  name_zh: z.string().min(1).max(20),
  name_en: z.string().min(1).max(40),
  // The column is a PostgreSQL integer; a sort position needs nowhere near its range.
  rank: z.number().int().min(0, "rank: 不能为负 (must not be negative)").max(100_000, "rank: 最大 100000 (at most 100000)").optional(),
})
export type AdminCreateCategoryType = z.infer<typeof AdminCreateCategory>
