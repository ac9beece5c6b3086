/**
 * Whether a wallet coupon can be used on a cart, and what it takes off. Pure: the service and the
 * routes feed it what they read, so every refusal reason is decided (and unit-tested) in one place.
 * Amounts are CNY yuan as Medusa stores them; arithmetic runs in fen (integers) so nothing drifts.
 */

export type Tier = { min: number; off: number; code?: string; promotion_id?: string }

export type BatchLike = {
  id: string
  title: string
  merchant_id: string | null
  kind: "fixed" | "percent" | "tiered"
  value: number | null
  tiers: Tier[] | null
  min_spend: number
  starts_at: Date | string
  ends_at: Date | string
  status: "active" | "ended"
  new_customer_only: boolean
  code: string | null
}

export type WalletCouponLike = { id: string; customer_id: string; status: "available" | "used" | "expired"; batch_id: string }

export type CartFacts = {
  customer_id: string | null
  merchant_id: string | null
  merchant_name: string | null
  /** The shop's items at list price, tax included, before any discount (Medusa's original_item_total). */
  subtotal: number
}

export type ReasonCode =
  | "not_yours"
  | "used"
  | "expired"
  | "not_started"
  | "other_merchant"
  | "new_customer_only"
  | "min_spend"
  | "empty_cart"

export type Evaluation = {
  applicable: boolean
  reason_code: ReasonCode | null
  reason: string | null
  /** Yuan the coupon takes off this cart (0 when not applicable). */
  discount: number
  /** The Medusa promotion code to apply (for 满减 the tier reached). */
  code: string | null
  tier: Tier | null
}

export const fen = (yuan: number | string | null | undefined) => Math.round(Number(yuan ?? 0) * 100)
export const yuan = (f: number) => f / 100
export const formatYuan = (y: number) => {
  const f = fen(y)
  return f % 100 === 0 ? String(f / 100) : (f / 100).toFixed(2)
}

const fmtDate = (d: Date) =>
  new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(d)

/** Tiers sorted by threshold, validated: strictly rising thresholds and discounts, each below its threshold. */
export function normalizeTiers(tiers: { min: number; off: number }[]): string | null {
  if (!tiers.length) return "满减至少需要一档 (tiers: at least one tier is required)"
  const sorted = [...tiers].sort((a, b) => a.min - b.min)
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]
    if (!(fen(t.off) > 0) || fen(t.off) >= fen(t.min)) {
      return `满${formatYuan(t.min)}减${formatYuan(t.off)} 无效：减免须大于 0 且小于门槛 (tiers[${i}]: off must be > 0 and below min)`
    }
    if (i > 0 && (fen(t.min) <= fen(sorted[i - 1].min) || fen(t.off) <= fen(sorted[i - 1].off))) {
      return "满减各档门槛与减免须逐档递增 (tiers: thresholds and discounts must both rise)"
    }
  }
  return null
}

/** The best (highest) tier the subtotal reaches, or null. */
export function bestTier(tiers: Tier[], subtotal: number): Tier | null {
  let best: Tier | null = null
  for (const t of tiers) if (fen(subtotal) >= fen(t.min) && (!best || fen(t.off) > fen(best.off))) best = t
  return best
}

/** The least the cart must reach before the coupon can be used. */
export function threshold(batch: BatchLike) {
  if (batch.kind === "tiered") return Math.min(...(batch.tiers ?? []).map((t) => Number(t.min)))
  return Number(batch.min_spend ?? 0)
}

export function discountFor(batch: BatchLike, subtotal: number): { discount: number; tier: Tier | null } {
  const base = fen(subtotal)
  if (batch.kind === "fixed") return { discount: yuan(Math.min(fen(batch.value), base)), tier: null }
  if (batch.kind === "percent") return { discount: yuan(Math.round((base * Number(batch.value)) / 100)), tier: null }
  const tier = bestTier(batch.tiers ?? [], subtotal)
  return { discount: tier ? yuan(Math.min(fen(tier.off), base)) : 0, tier }
}

function refuse(reason_code: ReasonCode, reason: string): Evaluation {
  return { applicable: false, reason_code, reason, discount: 0, code: null, tier: null }
}

export function evaluateCoupon(input: {
  batch: BatchLike
  coupon: WalletCouponLike
  cart: CartFacts
  batch_merchant_name?: string | null
  has_prior_order: boolean
  now?: Date
}): Evaluation {
  const { batch, coupon, cart } = input
  const now = input.now ?? new Date()
  if (!cart.customer_id || coupon.customer_id !== cart.customer_id) {
    return refuse("not_yours", "这张优惠券不属于当前顾客 (this coupon is not yours)")
  }
  if (coupon.status === "used") return refuse("used", "优惠券已使用 (the coupon has already been used)")
  // Ending a batch early (end_now) moves ends_at to that moment, so ends_at alone says when it stopped:
  // judged at an earlier moment (when the customer started paying) the coupon was still valid.
  if (coupon.status === "expired" || new Date(batch.ends_at) <= now) {
    return refuse("expired", `优惠券已过期 (the coupon has expired on ${fmtDate(new Date(batch.ends_at))})`)
  }
  if (new Date(batch.starts_at) > now) {
    const at = fmtDate(new Date(batch.starts_at))
    return refuse("not_started", `优惠券尚未生效，${at} 起可用 (the coupon is not valid until ${at})`)
  }
  if (!cart.merchant_id) return refuse("empty_cart", "购物车是空的 (the cart is empty)")
  if (batch.merchant_id && batch.merchant_id !== cart.merchant_id) {
    const mine = input.batch_merchant_name ?? batch.merchant_id
    const theirs = cart.merchant_name ?? cart.merchant_id
    return refuse(
      "other_merchant",
      `「${mine}」的优惠券不能用于「${theirs}」的商品 (a coupon of shop "${mine}" cannot be used on items of shop "${theirs}")`
    )
  }
  if (batch.new_customer_only && input.has_prior_order) {
    return refuse(
      "new_customer_only",
      batch.merchant_id
        ? "仅限新客使用：你已在本店下过单 (for new customers only: you have ordered at this shop before)"
        : "仅限新客使用：你已在平台下过单 (for new customers only: you have ordered on the platform before)"
    )
  }
  const min = threshold(batch)
  if (fen(cart.subtotal) < fen(min)) {
    const short = formatYuan(yuan(fen(min) - fen(cart.subtotal)))
    return refuse("min_spend", `还差 ¥${short} 可用 (¥${short} short of the minimum ¥${formatYuan(min)})`)
  }
  const { discount, tier } = discountFor(batch, cart.subtotal)
  return { applicable: true, reason_code: null, reason: null, discount, code: tier?.code ?? batch.code, tier }
}

/** The coupon worth the most on this cart; ties go to the one that expires first. */
export function pickBest<T extends { evaluation: Evaluation; ends_at: Date | string }>(rows: T[]): T | null {
  let best: T | null = null
  for (const r of rows) {
    if (!r.evaluation.applicable || r.evaluation.discount <= 0) continue
    if (
      !best ||
      fen(r.evaluation.discount) > fen(best.evaluation.discount) ||
      (fen(r.evaluation.discount) === fen(best.evaluation.discount) && new Date(r.ends_at) < new Date(best.ends_at))
    ) {
      best = r
    }
  }
  return best
}

/** Problems with a new batch, each naming its parameter (empty = fine). */
export function batchInputProblems(b: {
  kind: string
  value?: number | null
  tiers?: { min: number; off: number }[] | null
  min_spend?: number
  starts_at: Date
  ends_at: Date
}): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = []
  const cents = (n: number) => Math.abs(fen(n) - n * 100) < 1e-6
  if (!(b.ends_at > b.starts_at)) out.push({ path: "ends_at", message: "结束时间须晚于开始时间 (ends_at must be after starts_at)" })
  if (!(b.ends_at > new Date())) out.push({ path: "ends_at", message: "结束时间须在未来 (ends_at must be in the future)" })
  if (b.min_spend != null && !cents(b.min_spend)) out.push({ path: "min_spend", message: "金额最多两位小数 (min_spend: at most 2 decimals)" })
  if (b.kind === "fixed") {
    if (b.value == null || !(b.value > 0) || !cents(b.value)) {
      out.push({ path: "value", message: "满额立减须给出大于 0 的金额，最多两位小数 (value: yuan off, > 0, 2 decimals)" })
    }
  } else if (b.kind === "percent") {
    if (b.value == null || !Number.isInteger(b.value) || b.value < 1 || b.value > 99) {
      out.push({ path: "value", message: "折扣须为 1–99 的整数百分比 (value: whole percent off, 1–99)" })
    }
  } else if (b.kind === "tiered") {
    const problem = normalizeTiers(b.tiers ?? [])
    if (problem) out.push({ path: "tiers", message: problem })
    else if ((b.tiers ?? []).some((t) => !cents(t.min) || !cents(t.off))) {
      out.push({ path: "tiers", message: "金额最多两位小数 (tiers: at most 2 decimals)" })
    }
  }
  if (b.kind !== "tiered" && b.tiers?.length) out.push({ path: "tiers", message: "只有满减券有分档 (tiers only apply to kind tiered)" })
  return out
}
