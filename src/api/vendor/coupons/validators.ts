import { z } from "@medusajs/framework/zod"
import { batchInputProblems } from "../../../modules/coupon/utils/rules"

const COUPON_KIND_LIST = ["fixed", "percent", "tiered"] as const

const money = z.number().finite()

export const CreateCoupon = z
  .object({
    title: z.string().trim().min(1).max(100),
    kind: z.enum(COUPON_KIND_LIST),
    value: money.positive().optional(),
    tiers: z.array(z.object({ min: money.positive(), off: money.positive() })).max(5).optional(),
    min_spend: money.min(0).optional(),
    starts_at: z.coerce.date(),
    ends_at: z.coerce.date(),
    total: z.number().int().min(1).max(1_000_000),
    per_customer_limit: z.number().int().min(1).max(100).optional(),
    new_customer_only: z.boolean().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    for (const p of batchInputProblems(b)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message })
  })
export type CreateCouponType = z.infer<typeof CreateCoupon>

export const UpdateCoupon = z
  .object({
    title: z.string().trim().min(1).max(100).optional(),
    total: z.number().int().min(1).max(1_000_000).optional(),
    per_customer_limit: z.number().int().min(1).max(100).optional(),
    ends_at: z.coerce.date().optional(),
    /** true = stop the coupon now (结束活动). */
    end_now: z.boolean().optional(),
  })
  .strict()
export type UpdateCouponType = z.infer<typeof UpdateCoupon>

export const ListCoupons = z.object({
  status: z.enum(["active", "ended"]).optional(),
  kind: z.enum(COUPON_KIND_LIST).optional(),
  merchant_id: z.string().optional(),
  /** admin: true = platform coupons only, false = shop coupons only. */
  platform: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
})

export const StoreListCoupons = z.object({ merchant_id: z.string().optional() })

export const ApplyCoupon = z.object({ customer_coupon_id: z.string().min(1) }).strict()
