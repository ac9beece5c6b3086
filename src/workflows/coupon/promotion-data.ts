import { generateEntityId } from "@medusajs/framework/utils"
import type { Tier } from "../../modules/coupon/utils/rules"

/** Every promotion code owned by a coupon batch starts with this; the cart hooks recognise them by it. */
export const COUPON_CODE_PREFIX = "TCQ-"
export const isCouponCode = (code: string) => code.toUpperCase().startsWith(COUPON_CODE_PREFIX)

export type CouponBatchInput = {
  merchant_id: string | null
  title: string
  kind: "fixed" | "percent" | "tiered"
  value?: number | null
  tiers?: { min: number; off: number }[] | null
  min_spend?: number
  starts_at: Date
  ends_at: Date
  total: number
  per_customer_limit?: number
  new_customer_only?: boolean
}

/**
 * The Medusa campaign and promotion(s) a batch owns.
 *
 * Scope. A shop's coupon carries two rules Medusa evaluates itself: a promotion rule
 * `merchant_id = <shop>` (the cart's shop) and a target rule `items.merchant_id = <shop>` (each line's
 * shop). Neither attribute exists on a Medusa cart: the setPromotionContext hook
 * (src/workflows/hooks/coupon-promotions.ts) adds them from the merchant ↔ cart / product links, so a
 * shop's new products are covered without touching the promotion (a rule on product ids would not be).
 * Our own apply step refuses another shop's coupon first, with a reason naming both shops.
 *
 * Minimum spend is the rule `original_item_total >= min` (list prices, tax included, before discounts).
 *
 * 满减 tiers. A Medusa promotion has one value, and a batch is shared by every customer's cart, so
 * changing the value per cart would race. Each tier is therefore its own promotion (fixed, across the
 * items, with its own threshold rule) in the batch's campaign; the apply step picks the best tier the
 * cart reaches and applies that tier's code.
 */
export function buildCouponPromotions(input: CouponBatchInput) {
  const batchId = generateEntityId(undefined, "cpb")
  const base = `${COUPON_CODE_PREFIX}${batchId.slice(4).toUpperCase()}`
  const scopeRules = input.merchant_id ? [{ attribute: "merchant_id", operator: "eq", values: [input.merchant_id] }] : []
  const targetRules = input.merchant_id
    ? [{ attribute: "items.merchant_id", operator: "eq", values: [input.merchant_id] }]
    : []
  const minRule = (min: number) =>
    min > 0 ? [{ attribute: "original_item_total", operator: "gte", values: [String(min)] }] : []
  const promotion = (code: string, type: "fixed" | "percentage", value: number, min: number) => ({
    code,
    type: "standard" as const,
    status: "active" as const,
    is_automatic: false,
    // Prices in this platform include tax: ¥20 off must take exactly ¥20 off what the customer pays.
    is_tax_inclusive: true,
    application_method: {
      type,
      target_type: "items" as const,
      allocation: "across" as const,
      value,
      currency_code: "cny",
      target_rules: targetRules,
    },
    rules: [...scopeRules, ...minRule(min)],
  })

  let tiers: Tier[] | null = null
  let promotions: ReturnType<typeof promotion>[]
  if (input.kind === "tiered") {
    tiers = [...(input.tiers ?? [])]
      .sort((a, b) => a.min - b.min)
      .map((t, i) => ({ min: t.min, off: t.off, code: `${base}-T${i + 1}` }))
    promotions = tiers.map((t) => promotion(t.code!, "fixed", t.off, t.min))
  } else {
    promotions = [promotion(base, input.kind === "fixed" ? "fixed" : "percentage", Number(input.value), input.min_spend ?? 0)]
  }
  return {
    batch_id: batchId,
    code: input.kind === "tiered" ? null : base,
    tiers,
    campaign: {
      name: `优惠券 ${input.title}`,
      campaign_identifier: `coupon-${batchId}`,
      starts_at: input.starts_at,
      ends_at: input.ends_at,
    },
    promotions,
  }
}
