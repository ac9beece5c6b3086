import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { fen, yuan } from "../../../modules/coupon/utils/rules"
import { isCouponCode } from "../promotion-data"

/**
 * Checkout step (after Medusa's cart completion): the wallet coupon whose promotion discounted the
 * order becomes `used` by it. The update is conditional (still available, still on this cart, batch
 * still valid), so a second checkout with the same coupon, or one with a coupon that has expired since
 * it was applied, fails here and the whole checkout is compensated: no order, payment released.
 */
export const markCouponUsedStep = createStep(
  "mark-coupon-used",
  async (input: { cart_id: string; order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "items.adjustments.code", "items.adjustments.amount"],
      filters: { id: input.order_id },
    })
    const amounts = new Map<string, number>()
    for (const item of ((data[0] as any)?.items ?? []) as any[]) {
      for (const adj of item?.adjustments ?? []) {
        if (adj?.code && isCouponCode(adj.code)) amounts.set(adj.code, (amounts.get(adj.code) ?? 0) + fen(adj.amount))
      }
    }
    if (!amounts.size) return new StepResponse(null, null)

    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const used: string[] = []
    try {
      for (const [code, total] of amounts) {
        const row = await service.markUsed({ cart_id: input.cart_id, order_id: input.order_id, code, discount_total: yuan(total) })
        if (!row) {
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            "优惠券已被使用或已不在此购物车上，订单未提交 (the coupon was already used or moved to another cart; no order was placed)"
          )
        }
        used.push(row.id)
        const batch = await service.retrieveCouponBatch(row.batch_id)
        if (batch.status === "ended" || new Date(batch.ends_at as any) <= new Date()) {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "优惠券已过期，订单未提交 (the coupon has expired; no order was placed)")
        }
      }
    } catch (e) {
      // A failing step is not compensated itself: undo its own marks before failing.
      for (const id of used) await service.unmarkUsed(id)
      throw e
    }
    return new StepResponse(used, used)
  },
  async (used, { container }) => {
    if (!used?.length) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    for (const id of used) await service.unmarkUsed(id)
  }
)
