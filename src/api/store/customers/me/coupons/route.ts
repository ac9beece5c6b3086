import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { presentBatch } from "../../../../vendor/coupons/helpers"

/** The wallet (我的优惠券): every coupon claimed, available ones whose batch ended shown as expired. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const coupons = await service.listCustomerCoupons({ customer_id: req.auth_context.actor_id }, { order: { created_at: "DESC" }, take: 500 })
  const batches = coupons.length ? await service.listCouponBatches({ id: [...new Set(coupons.map((c: any) => c.batch_id))] }) : []
  const byId = new Map(batches.map((b: any) => [b.id, presentBatch(b)]))
  res.json({
    coupons: coupons.map((c: any) => {
      const batch = byId.get(c.batch_id)!
      const status = c.status === "available" && batch.status === "ended" ? "expired" : c.status
      return { id: c.id, status, order_id: c.order_id, used_at: c.used_at, cart_id: c.cart_id, claimed_at: c.created_at, batch }
    }),
  })
}
