import type { MedusaContainer } from "@medusajs/framework/types"
import { COUPON_MODULE } from "../../modules/coupon"
import { MERCHANT_MODULE } from "../../modules/merchant"
import { createCouponBatchWorkflow } from "../../workflows/coupon/create-coupon-batch"
import type { CouponBatchInput } from "../../workflows/coupon/promotion-data"

const DAY = 86_400_000

/** The demo's coupons: what a consumer can claim on the storefront right after `npm run dev`. */
const DEMO_COUPONS: Array<{ shop: string | null } & Omit<CouponBatchInput, "merchant_id" | "starts_at" | "ends_at">> = [
  { shop: "重庆老火锅", title: "火锅满减 满100减20 / 满200减50", kind: "tiered", tiers: [{ min: 100, off: 20 }, { min: 200, off: 50 }], total: 200 },
  { shop: "剪艺造型", title: "新客立减 ¥30", kind: "fixed", value: 30, min_spend: 88, total: 100, new_customer_only: true },
  { shop: "静颜美容SPA", title: "护理 9 折", kind: "percent", value: 10, total: 100 },
  { shop: null, title: "同城平台券 满50减5", kind: "fixed", value: 5, min_spend: 50, total: 1000, per_customer_limit: 2 },
]

/**
 * Seeds a few coupon batches through the same workflow as /vendor/coupons and /admin/coupons, valid for
 * 90 days from the first seed. Idempotent: a batch with the same title is left alone.
 */
export async function seedDemoCoupons(container: MedusaContainer) {
  const coupons: any = container.resolve(COUPON_MODULE)
  const merchants: any = container.resolve(MERCHANT_MODULE)
  const existing = new Set(((await coupons.listCouponBatches({}, { select: ["title"], take: 1000 })) as any[]).map((b) => b.title))
  const now = Date.now()
  let made = 0
  for (const { shop, ...c } of DEMO_COUPONS) {
    if (existing.has(c.title)) continue
    let merchantId: string | null = null
    if (shop) {
      const [m] = await merchants.listMerchants({ name: shop, status: "approved" }, { take: 1 })
      if (!m) continue
      merchantId = m.id
    }
    await createCouponBatchWorkflow(container).run({
      input: { ...c, merchant_id: merchantId, starts_at: new Date(now - DAY), ends_at: new Date(now + 90 * DAY) },
    })
    made++
  }
  return made
}
