import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { earnedPoints, toFen } from "../../modules/points/config"
import type { PostPointsInput } from "../../modules/points/service"
import { loadOrderForPoints, orderRefunds, pointsService } from "./helpers"
import { postPointsStep } from "./steps/post-points"

const paidFen = (order: any) => {
  const payments = (order.payment_collections ?? []).flatMap((c: any) => c?.payments ?? []).filter(Boolean)
  return payments.length ? payments.reduce((s: number, p: any) => s + toFen(p.amount), 0) : toFen(order.total)
}

// ---- earn -----------------------------------------------------------------------------------

/**
 * What a completed order earns: the configured rate on what the customer really paid (after coupons
 * and points, less anything already refunded), floored to whole points. Guests have no account to
 * credit; canceled orders earn nothing.
 */
const planEarnStep = createStep("points-plan-earn", async (input: { order_id: string; source: string }, { container }) => {
  const order = await loadOrderForPoints(container, input.order_id)
  if (!order?.customer_id || order.customer?.has_account === false || order.status === "canceled") {
    return new StepResponse([] as PostPointsInput[])
  }
  const config = pointsService(container).getConfig()
  const refunds = orderRefunds(order)
  const base = paidFen(order) - refunds.reduce((s, r) => s + toFen(r.amount), 0)
  const points = earnedPoints(base, config)
  if (points <= 0) return new StepResponse([] as PostPointsInput[])
  return new StepResponse([
    {
      customer_id: order.customer_id,
      kind: "earn",
      delta: points,
      order_id: order.id,
      idempotency_key: `earn:${order.id}`,
      reason: "订单完成获得积分 (points earned on a completed order)",
      // Refunds known now are already out of the base; later ones are reversed against it.
      metadata: { paid_fen: base, earn_per_yuan: config.earn_per_yuan, refund_ids: refunds.map((r) => r.id), source: input.source },
    } satisfies PostPointsInput,
  ])
})

export const earnOrderPointsWorkflow = createWorkflow(
  "points-earn-order",
  (input: { order_id: string; source: string }) => new WorkflowResponse(postPointsStep({ entries: planEarnStep(input) }))
)

// ---- refund ---------------------------------------------------------------------------------

export async function orderIdOfPayment(container: MedusaContainer, paymentId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["id", "payment_collection_id"],
    filters: { id: paymentId },
  })
  const pcId = (payments[0] as any)?.payment_collection_id
  if (!pcId) return null
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: pcId },
  })
  return (links[0] as any)?.order_id ?? null
}

/**
 * Each refund takes back its share of the earned points and returns its share of the spent ones.
 * Shares are computed on the running total of refunds (floor of points × refunded / paid), so the
 * parts always add up to exactly everything once the whole payment is refunded. Keys are per refund.
 */
const planRefundStep = createStep("points-plan-refund", async (input: { payment_id: string }, { container }) => {
  const none = new StepResponse([] as PostPointsInput[])
  const orderId = await orderIdOfPayment(container, input.payment_id)
  if (!orderId) return none
  const order = await loadOrderForPoints(container, orderId)
  if (!order?.customer_id) return none
  const entries = await pointsService(container).listPointsEntries({ order_id: orderId })
  const sum = (k: string) => entries.filter((e) => e.kind === k).reduce((s, e) => s + Number(e.delta), 0)
  const spent = -sum("spend")
  const earnEntry = entries.find((e) => e.kind === "earn")
  const earned = earnEntry ? Number(earnEntry.delta) : 0
  const earnMeta = (earnEntry?.metadata ?? {}) as { paid_fen?: number; refund_ids?: string[] }
  const paid = paidFen(order)
  const refunds = orderRefunds(order)
  const plan: PostPointsInput[] = []

  let refundedAll = 0
  let refundedAfterEarn = 0
  let spentBackBefore = 0
  let reversedBefore = 0
  for (const r of refunds) {
    const fen = toFen(r.amount)
    refundedAll += fen
    if (spent > 0 && paid > 0) {
      const target = Math.min(spent, Math.floor((spent * refundedAll) / paid))
      if (target - spentBackBefore > 0) {
        plan.push({
          customer_id: order.customer_id,
          kind: "refund_spend",
          delta: target - spentBackBefore,
          order_id: orderId,
          idempotency_key: `refund_spend:${r.id}`,
          reason: "订单退款，退回抵扣积分 (order refunded: points used are returned)",
          metadata: { refund_id: r.id, refund_fen: fen },
          cap: "order_spent",
        })
      }
      spentBackBefore = target
    }
    if (earned > 0 && !(earnMeta.refund_ids ?? []).includes(r.id) && (earnMeta.paid_fen ?? 0) > 0) {
      refundedAfterEarn += fen
      const target = Math.min(earned, Math.floor((earned * refundedAfterEarn) / earnMeta.paid_fen!))
      if (target - reversedBefore > 0) {
        plan.push({
          customer_id: order.customer_id,
          kind: "reverse_earn",
          delta: -(target - reversedBefore),
          order_id: orderId,
          idempotency_key: `reverse_earn:${r.id}`,
          reason: "订单退款，扣回所得积分 (order refunded: earned points are taken back)",
          metadata: { refund_id: r.id, refund_fen: fen },
          mode: "clamp",
          cap: "order_earned",
        })
      }
      reversedBefore = target
    }
  }
  return new StepResponse(plan)
})

export const reverseRefundPointsWorkflow = createWorkflow(
  "points-reverse-refund",
  (input: { payment_id: string }) => new WorkflowResponse(postPointsStep({ entries: planRefundStep(input) }))
)

// ---- cancel ---------------------------------------------------------------------------------

/** A canceled order gives back whatever of its spent points has not come back through refunds yet. */
const planCancelStep = createStep("points-plan-cancel", async (input: { order_id: string }, { container }) => {
  const entries = await pointsService(container).listPointsEntries({ order_id: input.order_id })
  const spent = -entries.filter((e) => e.kind === "spend").reduce((s, e) => s + Number(e.delta), 0)
  const customerId = entries[0]?.customer_id
  if (!customerId || spent <= 0) return new StepResponse([] as PostPointsInput[])
  return new StepResponse([
    {
      customer_id: customerId,
      kind: "refund_spend",
      delta: spent,
      order_id: input.order_id,
      idempotency_key: `cancel:${input.order_id}`,
      reason: "订单已取消，退回抵扣积分 (order canceled: points used are returned)",
      cap: "order_spent",
    } satisfies PostPointsInput,
  ])
})

export const returnCanceledOrderPointsWorkflow = createWorkflow(
  "points-return-canceled-order",
  (input: { order_id: string }) => new WorkflowResponse(postPointsStep({ entries: planCancelStep(input) }))
)

// ---- operator adjustment --------------------------------------------------------------------

export const adjustPointsWorkflow = createWorkflow(
  "points-adjust",
  (input: { entries: PostPointsInput[] }) => new WorkflowResponse(postPointsStep(input))
)
