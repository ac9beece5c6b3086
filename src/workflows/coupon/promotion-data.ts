import { generateEntityId } from "@medusajs/framework/utils"
import type { Tier } from "../../modules/coupon/utils/rules"

/** Every promotion code owned by a coupon batch starts with this; the cart hooks recognise them by it. */
export const COUPON_CODE_PREFIX = "TCQ-"
export const isCouponCode = (code: string) => code.toUpperCase().startsWith(COUPON_CODE_PREFIX)

/**
 * The promotion-context attribute naming the batch of the wallet coupon attached to a cart. The
 * setPromotionContext hook sets it from the wallet; every coupon promotion requires it, so a coupon
 * discounts only the cart it is attached to.
 */
export const COUPON_CONTEXT_ATTRIBUTE = "tcq_coupon_batch"

/** Every Medusa promotion code a batch owns (one, or one per 满减 tier). */
export function batchCodes(batch: { code?: string | null; tiers?: { code?: string }[] | null }): string[] {
  const codes = [batch.code, ...((batch.tiers ?? []).map((t) => t.code))].filter(Boolean) as string[]
  return [...new Set(codes)]
}

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
 * items) in the batch's campaign, with a threshold band: at least its own minimum and below the next
 * tier's, so at most one tier of a batch can ever apply.
 *
 * Automatic, gated by the wallet. Every coupon promotion is `is_automatic` with the rule
 * `tcq_coupon_batch = <batch>`, an attribute the setPromotionContext hook sets only on the cart the
 * customer's wallet coupon is attached to. Medusa evaluates automatic promotions on every promotion
 * refresh — applying a coupon and each refresh after an item is added, changed or removed — so the 满减
 * tier follows the cart (¥120 → 满100减20, grown to ¥208 → 满200减50) and a coupon whose minimum the cart
 * drops below comes back by itself when the cart reaches it again, without a code being re-applied.
 */
export function buildCouponPromotions(input: CouponBatchInput) {
  const batchId = generateEntityId(undefined, "cpb")
  const base = `${COUPON_CODE_PREFIX}${batchId.slice(4).toUpperCase()}`
  const walletRule = { attribute: COUPON_CONTEXT_ATTRIBUTE, operator: "eq", values: [batchId] }
  const scopeRules = input.merchant_id ? [{ attribute: "merchant_id", operator: "eq", values: [input.merchant_id] }] : []
  const targetRules = input.merchant_id
    ? [{ attribute: "items.merchant_id", operator: "eq", values: [input.merchant_id] }]
    : []
  const bandRules = (min: number, below?: number) => [
    ...(min > 0 ? [{ attribute: "original_item_total", operator: "gte", values: [String(min)] }] : []),
    ...(below !== undefined ? [{ attribute: "original_item_total", operator: "lt", values: [String(below)] }] : []),
  ]
  const promotion = (code: string, type: "fixed" | "percentage", value: number, min: number, below?: number) => ({
    code,
    type: "standard" as const,
    status: "active" as const,
    is_automatic: true,
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
    rules: [walletRule, ...scopeRules, ...bandRules(min, below)],
  })

  let tiers: Tier[] | null = null
  let promotions: ReturnType<typeof promotion>[]
  if (input.kind === "tiered") {
    tiers = [...(input.tiers ?? [])]
      .sort((a, b) => a.min - b.min)
      .map((t, i) => ({ min: t.min, off: t.off, code: `${base}-T${i + 1}` }))
    promotions = tiers.map((t, i) => promotion(t.code!, "fixed", t.off, t.min, tiers![i + 1]?.min))
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

/**
 * The rules a promotion of `batch` (named by `code`) needs beyond the ones it was created with before
 * coupon promotions became automatic: the wallet rule, and for a 满减 tier the upper end of its band.
 */
export function automaticRulesFor(batch: { id: string; tiers?: { min: number | string; code?: string }[] | null }, code: string) {
  const rules: { attribute: string; operator: "eq" | "lt"; values: string[] }[] = [
    { attribute: COUPON_CONTEXT_ATTRIBUTE, operator: "eq", values: [batch.id] },
  ]
  const tiers = [...(batch.tiers ?? [])].sort((a, b) => Number(a.min) - Number(b.min))
  const i = tiers.findIndex((t) => t.code === code)
  if (i >= 0 && tiers[i + 1]) rules.push({ attribute: "original_item_total", operator: "lt", values: [String(Number(tiers[i + 1].min))] })
  return rules
}
