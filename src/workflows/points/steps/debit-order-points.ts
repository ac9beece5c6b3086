import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { maxRedeemablePoints, pointsToFen, toFen } from "../../../modules/points/config"
import { loadOrderForPoints, pointsOnCreditLines, pointsService } from "../helpers"

type Undo = { customer_id: string; order_id: string; points: number } | null

/**
 * Runs right after Medusa's cart completion inside complete-merchant-cart: the points the cart carried
 * as a credit line are debited now, once per order (key spend:<order_id>, so a replayed completion
 * returns the same entry). Too few points by now, or more than the cap after the cart changed, fails
 * the checkout with a 400 and Medusa's completion is compensated: nothing is charged.
 */
export const debitOrderPointsStep = createStep(
  "points-debit-order",
  async (input: { order_id: string }, { container }) => {
    const order = await loadOrderForPoints(container, input.order_id)
    const points = pointsOnCreditLines(order?.credit_lines)
    if (!order || points <= 0) return new StepResponse(null, null as Undo)
    if (!order.customer_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "使用积分需要登录 (sign in to use points)")
    }
    const service = pointsService(container)
    const config = service.getConfig()
    const max = maxRedeemablePoints(toFen(order.total) + toFen(order.credit_line_total), config)
    if (points > max) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `本单最多可用 ${max} 积分，购物车已变更，请重新选择积分 (at most ${max} points on this order; the cart changed, apply points again)`
      )
    }
    const { entry, replayed } = await service.post({
      customer_id: order.customer_id,
      kind: "spend",
      delta: -points,
      order_id: order.id,
      idempotency_key: `spend:${order.id}`,
      reason: "订单积分抵扣 (points used on an order)",
      metadata: { amount_fen: pointsToFen(points, config) },
    })
    return new StepResponse(entry, replayed ? null : { customer_id: order.customer_id, order_id: order.id, points })
  },
  async (undo: Undo, { container }) => {
    if (!undo) return
    await pointsService(container).post({
      customer_id: undo.customer_id,
      kind: "refund_spend",
      delta: undo.points,
      order_id: undo.order_id,
      idempotency_key: `undo-spend:${undo.order_id}`,
      reason: "结算未完成，积分退回 (checkout did not complete, points returned)",
    })
  }
)
