export type AdminCoupon = {
  id: string
  merchant_id: string | null
  scope: "merchant" | "platform"
  title: string
  kind: "fixed" | "percent" | "tiered"
  value: number | null
  tiers: { min: number; off: number }[] | null
  min_spend: number
  starts_at: string
  ends_at: string
  total: number
  claimed: number
  remaining: number
  per_customer_limit: number
  new_customer_only: boolean
  status: "active" | "ended"
}

/** 立减10元 · 8折 · 满100减20/满200减50, for lists and the order card. */
export function couponRule(c: Pick<AdminCoupon, "kind" | "value" | "tiers" | "min_spend">) {
  const yuan = (n: number) => `¥${Number.isInteger(n) ? n : n.toFixed(2)}`
  const min = c.min_spend > 0 ? `满${yuan(c.min_spend)}` : ""
  if (c.kind === "fixed") return `${min}减${yuan(c.value ?? 0)}`
  if (c.kind === "percent") return `${min}${(100 - (c.value ?? 0)) / 10}折 (-${c.value}%)`
  return (c.tiers ?? []).map((t) => `满${yuan(t.min)}减${yuan(t.off)}`).join(" / ")
}

export const KIND_LABEL: Record<AdminCoupon["kind"], string> = {
  fixed: "立减 Fixed",
  percent: "折扣 Percent",
  tiered: "满减 Tiered",
}
