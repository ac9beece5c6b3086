import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createCartCreditLinesWorkflow,
  deleteCartCreditLinesWorkflow,
  refreshPaymentCollectionForCartWorkflow,
} from "@medusajs/medusa/core-flows"
import { maxRedeemablePoints, pointsToFen, redeemStep, toFen } from "../../modules/points/config"
import { POINTS_REFERENCE, pointsOnCreditLines, pointsService } from "./helpers"

/** A cart as seen by its signed-in owner, with what points could do on it right now. */
export async function cartPointsView(container: MedusaContainer, cartId: string, customerId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "customer_id", "currency_code", "completed_at", "total", "credit_line_total", "credit_lines.*"],
    filters: { id: cartId },
  })
  const cart = data[0] as any
  // Another customer's cart answers exactly like a missing one.
  if (!cart || cart.customer_id !== customerId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `购物车 ${cartId} 不存在 (cart not found)`)
  }
  const service = pointsService(container)
  const config = service.getConfig()
  const balance = await service.getBalance(customerId)
  const baseFen = toFen(cart.total) + toFen(cart.credit_line_total)
  const cap = maxRedeemablePoints(baseFen, config)
  const step = redeemStep(config)
  const usable = Math.max(0, Math.min(cap, balance - (balance % step)))
  const lines = (cart.credit_lines ?? []).filter((l: any) => l?.reference === POINTS_REFERENCE)
  const applied = pointsOnCreditLines(lines)
  return {
    cart,
    lines,
    view: {
      balance,
      max_points: cap,
      max_usable: usable,
      applied_points: applied,
      applied_amount: applied ? (pointsToFen(applied, config) ?? 0) / 100 : 0,
      points_per_yuan: config.points_per_yuan_redeem,
      max_redeem_ratio: config.max_redeem_ratio,
      step,
    },
  }
}

type ApplyInput = { cart_id: string; customer_id: string; points: number }

/** Checks the rules (owner, currency, whole fen, cap, balance) and plans the credit line. */
const prepareCartPointsStep = createStep("points-prepare-cart", async (input: ApplyInput, { container }) => {
  const { cart, lines, view } = await cartPointsView(container, input.cart_id, input.customer_id)
  if (cart.completed_at) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "购物车已结算，不能再使用积分 (the cart is already completed)")
  }
  if (String(cart.currency_code).toLowerCase() !== "cny") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "积分只能抵扣人民币订单 (points can only pay CNY orders)")
  }
  const config = pointsService(container).getConfig()
  const fen = pointsToFen(input.points, config)
  if (fen === null) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `points 必须是 ${view.step} 的整数倍 (points must be a multiple of ${view.step} so they make whole fen)`
    )
  }
  if (input.points > view.max_points) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `本单最多可用 ${view.max_points} 积分（订单金额的 ${config.max_redeem_ratio * 100}%）(at most ${view.max_points} points on this order: ${config.max_redeem_ratio * 100}% of its total)`
    )
  }
  if (input.points > view.balance) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `积分不足：余额 ${view.balance}，需要 ${input.points} (insufficient points: balance ${view.balance}, needed ${input.points})`
    )
  }
  return new StepResponse({
    remove_ids: lines.map((l: any) => l.id) as string[],
    line: {
      cart_id: cart.id,
      amount: fen / 100,
      reference: POINTS_REFERENCE,
      reference_id: input.customer_id,
      metadata: { points: input.points },
    },
  })
})

/**
 * Points become a cart credit line (Medusa subtracts credit lines from the cart total and copies them
 * onto the order), replacing any earlier choice; the payment collection follows the new total.
 * Nothing is debited here: that happens when the cart completes.
 */
export const applyCartPointsWorkflow = createWorkflow("points-apply-to-cart", (input: ApplyInput) => {
  const plan = prepareCartPointsStep(input)
  when({ plan }, ({ plan }) => plan.remove_ids.length > 0).then(() => {
    deleteCartCreditLinesWorkflow.runAsStep({ input: transform({ plan }, ({ plan }) => ({ id: plan.remove_ids })) })
  })
  createCartCreditLinesWorkflow.runAsStep({ input: transform({ plan }, ({ plan }) => [plan.line]) })
  refreshPaymentCollectionForCartWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ cart_id: input.cart_id })) })
  return new WorkflowResponse(plan)
})

const prepareRemoveStep = createStep(
  "points-prepare-remove-from-cart",
  async (input: { cart_id: string; customer_id: string }, { container }) => {
    const { cart, lines } = await cartPointsView(container, input.cart_id, input.customer_id)
    if (cart.completed_at) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "购物车已结算 (the cart is already completed)")
    }
    return new StepResponse({ remove_ids: lines.map((l: any) => l.id) as string[] })
  }
)

export const removeCartPointsWorkflow = createWorkflow(
  "points-remove-from-cart",
  (input: { cart_id: string; customer_id: string }) => {
    const plan = prepareRemoveStep(input)
    when({ plan }, ({ plan }) => plan.remove_ids.length > 0).then(() => {
      deleteCartCreditLinesWorkflow.runAsStep({ input: transform({ plan }, ({ plan }) => ({ id: plan.remove_ids })) })
      refreshPaymentCollectionForCartWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ cart_id: input.cart_id })) })
    })
    return new WorkflowResponse(plan)
  }
)
