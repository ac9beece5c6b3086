import { batchInputProblems, bestTier, evaluateCoupon, pickBest, type BatchLike, type WalletCouponLike } from "../utils/rules"

const now = new Date("2026-06-01T12:00:00Z")
const batch = (over: Partial<BatchLike> = {}): BatchLike => ({
  id: "cpb_1",
  title: "券",
  merchant_id: "mer_a",
  kind: "fixed",
  value: 10,
  tiers: null,
  min_spend: 0,
  starts_at: new Date("2026-05-01T00:00:00Z"),
  ends_at: new Date("2026-07-01T00:00:00Z"),
  status: "active",
  new_customer_only: false,
  code: "TCQ-1",
  ...over,
})
const coupon: WalletCouponLike = { id: "ccp_1", customer_id: "cus_1", status: "available", batch_id: "cpb_1" }
const cart = { customer_id: "cus_1", merchant_id: "mer_a", merchant_name: "阿芳美发", subtotal: 88 }

describe("coupon rules", () => {
  it("picks the highest 满减 tier reached, and none below the first", () => {
    const tiers = [
      { min: 100, off: 20 },
      { min: 200, off: 50 },
    ]
    expect(bestTier(tiers, 99.99)).toBeNull()
    expect(bestTier(tiers, 100)).toEqual({ min: 100, off: 20 })
    expect(bestTier(tiers, 250)).toEqual({ min: 200, off: 50 })
  })

  it("computes percent discounts in fen without drift and caps fixed ones at the cart", () => {
    expect(evaluateCoupon({ batch: batch({ kind: "percent", value: 15 }), coupon, cart: { ...cart, subtotal: 0.3 * 3 }, has_prior_order: false, now }).discount).toBe(0.14)
    expect(evaluateCoupon({ batch: batch({ value: 200 }), coupon, cart, has_prior_order: false, now }).discount).toBe(88)
  })

  it("gives each refusal its reason", () => {
    const ev = (b: Partial<BatchLike>, c: Partial<typeof cart> = {}, prior = false, cp = coupon) =>
      evaluateCoupon({ batch: batch(b), coupon: cp, cart: { ...cart, ...c }, batch_merchant_name: "阿芳美发", has_prior_order: prior, now })
    expect(ev({}, { customer_id: "cus_2" }).reason_code).toBe("not_yours")
    expect(ev({}, {}, false, { ...coupon, status: "used" }).reason_code).toBe("used")
    expect(ev({ ends_at: new Date("2026-06-01T11:59:59Z") }).reason_code).toBe("expired")
    expect(ev({ starts_at: new Date("2026-06-02T00:00:00Z") }).reason_code).toBe("not_started")
    const other = ev({}, { merchant_id: "mer_b", merchant_name: "宝姐美甲" })
    expect(other.reason_code).toBe("other_merchant")
    expect(other.reason).toContain("阿芳美发")
    expect(other.reason).toContain("宝姐美甲")
    expect(ev({ merchant_id: null }, { merchant_id: "mer_b" }).applicable).toBe(true)
    expect(ev({ new_customer_only: true }, {}, true).reason_code).toBe("new_customer_only")
    expect(ev({ min_spend: 100 }).reason).toBe("还差 ¥12 可用 (¥12 short of the minimum ¥100)")
    expect(ev({ kind: "tiered", value: null, tiers: [{ min: 100, off: 20 }] }, { subtotal: 87.5 }).reason).toContain("还差 ¥12.50 可用")
  })

  it("judges a coupon ended early at the moment the customer started paying, and names 新客's scope", () => {
    // end_now moved ends_at to 12:30: valid when the payment session was opened at 12:00, not at 13:00.
    const ended = batch({ status: "ended", ends_at: new Date("2026-06-01T12:30:00Z") })
    const at = (iso: string) => evaluateCoupon({ batch: ended, coupon, cart, has_prior_order: false, now: new Date(iso) })
    expect(at("2026-06-01T12:00:00Z").applicable).toBe(true)
    expect(at("2026-06-01T13:00:00Z").reason_code).toBe("expired")
    const fresh = (merchant_id: string | null) =>
      evaluateCoupon({ batch: batch({ merchant_id, new_customer_only: true }), coupon, cart, has_prior_order: true, now }).reason
    expect(fresh("mer_a")).toContain("你已在本店下过单")
    expect(fresh(null)).toContain("你已在平台下过单")
  })

  it("suggests the largest discount", () => {
    const rows = [10, 25, 0].map((d, i) => ({
      id: i,
      ends_at: now,
      evaluation: { applicable: d > 0, discount: d, reason_code: null, reason: null, code: null, tier: null },
    }))
    expect(pickBest(rows)?.id).toBe(1)
  })

  it("checks a new batch's fields by name", () => {
    const base = { starts_at: new Date(Date.now() - 1000), ends_at: new Date(Date.now() + 86400000) }
    expect(batchInputProblems({ ...base, kind: "percent", value: 100 }).map((p) => p.path)).toEqual(["value"])
    expect(batchInputProblems({ ...base, kind: "tiered", tiers: [{ min: 200, off: 50 }, { min: 100, off: 60 }] })[0].path).toBe("tiers")
    expect(batchInputProblems({ ...base, kind: "fixed", value: 10 })).toEqual([])
  })
})
