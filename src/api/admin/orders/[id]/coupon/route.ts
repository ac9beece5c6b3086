import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { presentBatch } from "../../../../vendor/coupons/helpers"

/** The wallet coupon an order used (null if none) and what it took off: the order page widget. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "discount_total"], filters: { id: req.params.id } })
  const order = data[0] as any
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `订单 ${req.params.id} 不存在 (order not found)`)
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const [coupon] = await service.listCustomerCoupons({ order_id: order.id })
  if (!coupon) return res.json({ coupon: null, order_discount_total: Number(order.discount_total ?? 0) })
  const batch = await service.retrieveCouponBatch(coupon.batch_id)
  res.json({
    coupon: {
      id: coupon.id,
      code: coupon.code,
      customer_id: coupon.customer_id,
      used_at: coupon.used_at,
      discount_total: Number(coupon.discount_total ?? 0),
      batch: presentBatch(batch),
    },
    order_discount_total: Number(order.discount_total ?? 0),
  })
}
