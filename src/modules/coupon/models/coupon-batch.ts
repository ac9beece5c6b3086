import { model } from "@medusajs/framework/utils"

export const COUPON_KINDS = ["fixed", "percent", "tiered"] as const
export type CouponKind = (typeof COUPON_KINDS)[number]

/**
 * One issue of coupons (a "batch"): what it takes off, when it is valid, how many exist.
 * `merchant_id` null = a platform coupon (operators) valid at any shop.
 * The discount itself is applied by Medusa's promotion module: `promotion_id`/`code` name the
 * promotion this batch owns; a tiered (满减) batch owns one promotion per tier, listed in `tiers`.
 */
export const CouponBatch = model
  .define("coupon_batch", {
    id: model.id({ prefix: "cpb" }).primaryKey(),
    merchant_id: model.text().nullable(),
    title: model.text(),
    kind: model.enum([...COUPON_KINDS]),
    /** fixed: yuan off; percent: percent off (1–99); tiered: unused. */
    value: model.bigNumber().nullable(),
    /** tiered: [{ min, off, code, promotion_id }], ascending by min. */
    tiers: model.json().nullable(),
    min_spend: model.bigNumber().default(0),
    starts_at: model.dateTime(),
    ends_at: model.dateTime(),
    total: model.number(),
    claimed: model.number().default(0),
    per_customer_limit: model.number().default(1),
    new_customer_only: model.boolean().default(false),
    status: model.enum(["active", "ended"]).default("active"),
    campaign_id: model.text().nullable(),
    promotion_id: model.text().nullable(),
    code: model.text().nullable(),
  })
  .indexes([{ on: ["merchant_id"] }, { on: ["status", "ends_at"] }])
