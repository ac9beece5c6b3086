import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { fen, yuan } from "../../../modules/coupon/utils/rules"
import { loadCart } from "../cart-coupons"
import { judgedAt } from "../checkout-checks"
import { batchCodes, isCouponCode } from "../promotion-data"

const MOVED =
  "优惠券已被使用或已不在此购物车上，订单未提交 (the coupon was already used or moved to another cart; no order was placed)"

/**
 * Checkout step (after Medusa's cart completion): the wallet coupon whose promotion discounted the
 * order becomes `used` by it. The update is conditional (still available, still on this cart), so a
 * second checkout with the same coupon fails here and the whole checkout is compensated: no order,
 * payment released. A coupon that ended before the customer started paying fails too; one that ended
 * while the payment was under way (within PAYMENT_WINDOW_MS) is honoured: the customer was shown, and
 * may already have paid, that amount.
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
    // A checkout finished again for an order that already exists (the reconciliation job repairing a
    // half-placed order) finds its coupon already used by that order: nothing to do, nothing to undo.
    const [already] = await service.listCustomerCoupons({ order_id: input.order_id, status: "used" })
    if (already) return new StepResponse([already.id], null)
    const [attached] = await service.listCustomerCoupons({ cart_id: input.cart_id, status: "available" })
    if (!attached) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, MOVED)
    const batch = await service.retrieveCouponBatch(attached.batch_id)
    // Every coupon discount on the order must come from the coupon attached to this cart.
    const own = new Set(batchCodes(batch as any))
    if ([...amounts.keys()].some((code) => !own.has(code))) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, MOVED)
    const state = await loadCart(container, input.cart_id)
    if (new Date(batch.ends_at as any) <= judgedAt(state)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "优惠券已过期，订单未提交 (the coupon has expired; no order was placed)")
    }
    const total = [...amounts.values()].reduce((s, f) => s + f, 0)
    const row = await service.markUsed({ coupon_id: attached.id, cart_id: input.cart_id, order_id: input.order_id, discount_total: yuan(total) })
    if (!row) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, MOVED)
    return new StepResponse([row.id], [row.id])
  },
  async (used, { container }) => {
    if (!used?.length) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    for (const id of used) await service.unmarkUsed(id)
  }
)
