import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  cancelOrderWorkflow,
  capturePaymentWorkflow,
  completeOrderWorkflow,
  emitEventStep,
  refundPaymentsWorkflow,
} from "@medusajs/medusa/core-flows"
import { fenToYuan } from "../../lib/money"
import { BOOKING_MODULE } from "../../modules/booking"
import type BookingModuleService from "../../modules/booking/service"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type MerchantModuleService from "../../modules/merchant/service"
import type { OrderStateChange } from "../../modules/merchant/service"
import { loadOrderFacts, type LoadedOrder } from "./facts"
import {
  ACTION_LABELS,
  derivedOrderStatus,
  isFinal,
  ORDER_LABELS,
  orderActions,
  served,
  type Actor,
  type OrderAction,
  type OrderStatus,
} from "./lifecycle"

const merchants = (c: MedusaContainer): MerchantModuleService => c.resolve(MERCHANT_MODULE)
const booking = (c: MedusaContainer): BookingModuleService => c.resolve(BOOKING_MODULE)

/** Refuses an action the lifecycle does not offer now, naming what is offered instead. */
export function assertOrderAction(f: LoadedOrder, actor: Actor, action: OrderAction) {
  const allowed = orderActions(f, actor)
  if (allowed.includes(action)) return
  // On the order itself "cancel" calls off the whole order, not one appointment.
  const label = (a: OrderAction) => (a === "cancel" ? "取消订单" : ACTION_LABELS[a])
  const offered = allowed.length ? allowed.map(label).join("、") : "无"
  const why =
    action === "reject" && ["new", "accepted", "ready"].includes(f.status)
      ? "已核销或已服务的订单不能拒单，请走售后退款 (an order with a redeemed or served unit cannot be rejected; use an after-sales refund)"
      : `订单当前为「${ORDER_LABELS[f.status]}」，不能${label(action)}；可进行：${offered} (cannot ${action} an order that is ${f.status})`
  throw new MedusaError(MedusaError.Types.NOT_ALLOWED, why)
}

const checkActionStep = createStep(
  "order-check-action",
  async (input: { order_id: string; merchant_id?: string; actor: Actor; action: OrderAction }, { container }) => {
    const facts = await loadOrderFacts(container, input.order_id, input.merchant_id)
    assertOrderAction(facts, input.actor, input.action)
    return new StepResponse(facts)
  }
)

const moveOrderStep = createStep(
  "order-move-status",
  async (input: { merchant_id: string; order_id: string; to: OrderStatus; reason?: string | null }, { container }) => {
    const { record, change } = await merchants(container).transitionOrderState(input as any)
    return new StepResponse(record, change)
  },
  async (change: OrderStateChange | undefined, { container }) => {
    if (change) await merchants(container).revertOrderState(change)
  }
)

type UnitUndo = { appointments: Array<{ id: string; from: string }>; vouchers: string[] }

/**
 * A rejected or cancelled order gives its seats back: every live appointment is cancelled, each by a
 * conditional write, so an appointment redeemed at this very moment fails the rejection (and the
 * compensation puts back the ones already cancelled) instead of cancelling a served booking.
 */
const cancelOrderUnitsStep = createStep(
  "order-cancel-units",
  async (input: { order_id: string; by: "shop" | "operator" | "customer"; reason: string }, { container }) => {
    const undo: UnitUndo = { appointments: [], vouchers: [] }
    const live = (await booking(container).listBookingAppointments({ order_id: input.order_id } as any)) as any[]
    for (const a of live) {
      if (!["confirmed", "held"].includes(a.status)) {
        if (["checked_in", "completed", "no_show"].includes(a.status)) {
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            "已核销或已服务的订单不能拒单，请走售后退款 (an order with a redeemed or served unit cannot be rejected; use an after-sales refund)"
          )
        }
        continue
      }
      const done = await booking(container).transition({
        id: a.id,
        from: [a.status],
        to: "cancelled",
        set: { cancellation: { by: input.by, reason: input.reason, refund_status: "with_order" } },
      })
      if (!done) {
        throw new MedusaError(MedusaError.Types.CONFLICT, "预约状态已被修改，请刷新后重试 (an appointment changed meanwhile; reload and try again)")
      }
      undo.appointments.push({ id: a.id, from: a.status })
    }
    undo.vouchers = await booking(container).voidOrderVouchers({ order_id: input.order_id, reason: input.reason })
    return new StepResponse(undo, undo)
  },
  async (undo: UnitUndo | undefined, { container }) => {
    if (undo?.vouchers.length) await booking(container).restoreOrderVouchers(undo.vouchers)
    for (const a of undo?.appointments ?? []) {
      await booking(container).transition({ id: a.id, from: ["cancelled"], to: a.from as any, set: { cancellation: null, cancelled_at: null } })
    }
  }
)

/** The coupon the order used goes back to the wallet while its batch still runs; an ended batch keeps it used. */
const returnCouponStep = createStep(
  "order-return-coupon",
  async (input: { order_id: string }, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const returned = await service.returnOrderCoupon(input.order_id)
    return new StepResponse(returned, returned)
  },
  async (returned, { container }) => {
    if (!returned) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.restoreReturnedCoupon(returned)
  }
)

/**
 * Money follows the service: an authorization still open (pay in store, manual providers) is captured
 * when the first unit is served or the goods are handed over. Gateways capture at notification.
 */
export async function captureOpenPayments(container: MedusaContainer, orderId: string, by?: string | null) {
  const f = await loadOrderFacts(container, orderId)
  // What units cancelled or refunded before capture were owed back is simply never taken.
  let wanted = f.payment.authorized_fen - f.released_fen - f.payment.captured_fen
  for (const p of f.payments) {
    if (wanted <= 0) break
    if (p.canceled_at || p.captured_fen >= p.amount_fen) continue
    const take = Math.min(wanted, p.amount_fen - p.captured_fen)
    await capturePaymentWorkflow(container).run({
      input: { payment_id: p.id, amount: fenToYuan(take) as any, captured_by: by ?? undefined },
    })
    wanted -= take
  }
}

const captureStep = createStep("order-capture-open-payments", async (input: { order_id: string }, { container }) => {
  await captureOpenPayments(container, input.order_id)
  return new StepResponse(true)
})

export type ShopOrderActionInput = { merchant_id: string; order_id: string; action: OrderAction; reason?: string | null }

const TO: Partial<Record<OrderAction, OrderStatus>> = { accept: "accepted", reject: "rejected", ready: "ready", complete: "completed" }

/**
 * The shop's order buttons: 接单, 拒单 (reason; seats, money, points and coupon given back), 备好, 完成
 * (goods handed over: payment captured, Medusa's order completed). Each is checked against the lifecycle
 * table first; the status write is conditional, so of two clerks one wins and the other gets a 409.
 */
export const shopOrderActionWorkflow = createWorkflow("order-shop-action", (input: ShopOrderActionInput) => {
  checkActionStep(
    transform({ input }, ({ input }) => ({ order_id: input.order_id, merchant_id: input.merchant_id, actor: "shop" as Actor, action: input.action }))
  )
  const record = moveOrderStep(
    transform({ input }, ({ input }) => {
      const to = TO[input.action]
      if (!to) throw new MedusaError(MedusaError.Types.INVALID_DATA, `未知操作 ${input.action} (unknown action)`)
      return { merchant_id: input.merchant_id, order_id: input.order_id, to, reason: input.reason ?? null }
    })
  )
  when({ input }, ({ input }) => input.action === "reject").then(() => {
    cancelOrderUnitsStep(
      transform({ input }, ({ input }) => ({ order_id: input.order_id, by: "shop" as const, reason: String(input.reason ?? "") }))
    )
    // Medusa refunds what was captured, voids open authorizations, releases stock and emits order.canceled
    // (member points given back by their subscriber).
    cancelOrderWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ order_id: input.order_id })) })
    returnCouponStep(transform({ input }, ({ input }) => ({ order_id: input.order_id })))
  })
  when({ input }, ({ input }) => input.action === "complete").then(() => {
    captureStep(transform({ input }, ({ input }) => ({ order_id: input.order_id })))
    completeOrderWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ orderIds: [input.order_id] })) })
  })
  emitEventStep({
    eventName: transform({ input }, ({ input }) => `merchant_order.${TO[input.action]}`),
    data: transform({ input }, ({ input }) => ({ order_id: input.order_id, merchant_id: input.merchant_id, reason: input.reason ?? null })),
  })
  return new WorkflowResponse(record)
})

/**
 * After a unit moved (核销, service completed, no-show, appointment cancelled, voucher redeemed, refunded
 * or expired): the open authorization is captured once something was served, and the order's own status
 * follows the table — accepted at the first 核销, completed (Medusa's order too) when every unit is
 * settled and one was served or money was kept, cancelled (open authorizations voided) when nothing was.
 */
export async function syncOrderLifecycle(container: MedusaContainer, orderId: string) {
  let f = await loadOrderFacts(container, orderId)
  const servedNow = f.appointments.some((a) => ["checked_in", "completed", "no_show"].includes(a.status)) || f.vouchers.some((v) => v.status === "redeemed")
  if (servedNow && f.payment.authorized_fen - f.released_fen > f.payment.captured_fen && !f.payment.canceled) {
    await captureOpenPayments(container, orderId)
    f = await loadOrderFacts(container, orderId)
  }
  const to = derivedOrderStatus(f)
  if (!to) return f.status
  const reason = to === "cancelled" ? "预约与券均已取消或退款 (every appointment and voucher was cancelled or refunded)" : null
  let change: OrderStateChange
  try {
    change = (await merchants(container).transitionOrderState({ merchant_id: f.merchant_id, order_id: orderId, to, reason })).change
  } catch (e: any) {
    // Another sync (the other clerk's 核销, a job) moved it first: nothing left to do here.
    if (e?.type === MedusaError.Types.CONFLICT || e?.type === MedusaError.Types.NOT_ALLOWED) return f.status
    throw e
  }
  try {
    if (to === "completed" && f.medusa_status !== "completed") {
      await completeOrderWorkflow(container).run({ input: { orderIds: [orderId] } })
    }
    if (to === "cancelled" && f.medusa_status !== "canceled") {
      await cancelOrderWorkflow(container).run({ input: { order_id: orderId } })
      const service: CouponModuleService = container.resolve(COUPON_MODULE)
      await service.returnOrderCoupon(orderId)
    }
  } catch (e) {
    // Medusa's order did not follow: the shop's status goes back too, and the unit's own action (the
    // step this sync ends) is compensated by its workflow, so nothing is left half-moved.
    await merchants(container).revertOrderState(change)
    throw e
  }
  await container.resolve(Modules.EVENT_BUS).emit({ name: `merchant_order.${to}`, data: { order_id: orderId, merchant_id: f.merchant_id } })
  return to
}

export const syncOrderLifecycleStepImpl = createStep(
  "sync-order-lifecycle",
  async (input: { order_id: string | null | undefined }, { container }) => {
    const result: { order_id: string | null; status: OrderStatus | null } = { order_id: input.order_id ?? null, status: null }
    if (input.order_id) result.status = await syncOrderLifecycle(container, input.order_id)
    return new StepResponse(result)
  }
)

// ---- operator refund ------------------------------------------------------------------------

/** Sends back what each payment captured and has not refunded: money moved is not undone, so it runs last but one. */
const refundWhatIsHeldStep = createStep(
  "order-operator-refund",
  async (input: { order_id: string; reason: string; actor_id?: string | null }, { container }) => {
    const f = await loadOrderFacts(container, input.order_id)
    const refunds = f.payments
      .filter((p) => p.captured_fen > p.refunded_fen)
      .map((p) => ({
        payment_id: p.id,
        amount: fenToYuan(p.captured_fen - p.refunded_fen),
        created_by: input.actor_id ?? undefined,
        note: `运营退款：${input.reason}`.slice(0, 500),
      }))
    if (refunds.length) await refundPaymentsWorkflow(container).run({ input: refunds as any })
    return new StepResponse(refunds.length)
  }
)

/**
 * An operator sends back everything the customer paid that is still held. An order on which nothing was
 * served yet is cancelled with it (seats, coupon, points given back, open authorizations voided); one that
 * is completed or already served keeps its status and only the money moves (an after-sales refund; points
 * follow through their subscriber). The status and the units are written first, conditionally and with
 * compensation, so a clerk's 核销 at the same moment stops the workflow before any money moves.
 */
export const operatorRefundOrderWorkflow = createWorkflow(
  "order-operator-refund",
  (input: { order_id: string; reason: string; actor_id?: string | null }) => {
    const before = checkActionStep(
      transform({ input }, ({ input }) => ({ order_id: input.order_id, actor: "operator" as Actor, action: "refund" as OrderAction }))
    )
    const cancels = transform({ before }, ({ before }) => !isFinal(before.status) && !served(before))
    when("operator-refund-cancels-order", { cancels }, ({ cancels }) => cancels).then(() => {
      moveOrderStep(
        transform({ before, input }, ({ before, input }) => ({
          merchant_id: before.merchant_id,
          order_id: input.order_id,
          to: "cancelled" as OrderStatus,
          reason: `运营退款：${input.reason}`,
        }))
      )
      cancelOrderUnitsStep(transform({ input }, ({ input }) => ({ order_id: input.order_id, by: "operator" as const, reason: input.reason })))
    })
    refundWhatIsHeldStep(input)
    when("operator-refund-cancels-medusa-order", { cancels }, ({ cancels }) => cancels).then(() => {
      cancelOrderWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ order_id: input.order_id })) })
      returnCouponStep(transform({ input }, ({ input }) => ({ order_id: input.order_id })))
    })
    emitEventStep({
      eventName: "order_lifecycle.operator_refunded",
      data: transform({ input }, ({ input }) => ({ order_id: input.order_id, reason: input.reason })),
    })
    return new WorkflowResponse(before)
  }
)

// ---- customer: cancel the whole order before the shop takes it on --------------------------

/**
 * 未接单可取消: while the shop has not accepted and nothing was served, the customer calls the order off
 * and gets everything back as for a 拒单 (Medusa refunds or voids the payment, seats and coupon return).
 * The status write is conditional, so a clerk accepting at the same moment wins or loses cleanly.
 */
export const customerCancelOrderWorkflow = createWorkflow(
  "order-customer-cancel",
  (input: { order_id: string; merchant_id: string; reason?: string | null }) => {
    checkActionStep(
      transform({ input }, ({ input }) => ({ order_id: input.order_id, actor: "customer" as Actor, action: "cancel" as OrderAction }))
    )
    const record = moveOrderStep(
      transform({ input }, ({ input }) => ({
        merchant_id: input.merchant_id,
        order_id: input.order_id,
        to: "cancelled" as OrderStatus,
        reason: `顾客取消${input.reason?.trim() ? `：${input.reason.trim()}` : ""}`,
      }))
    )
    cancelOrderUnitsStep(
      transform({ input }, ({ input }) => ({ order_id: input.order_id, by: "customer" as const, reason: input.reason?.trim() || "顾客取消" }))
    )
    cancelOrderWorkflow.runAsStep({ input: transform({ input }, ({ input }) => ({ order_id: input.order_id })) })
    returnCouponStep(transform({ input }, ({ input }) => ({ order_id: input.order_id })))
    emitEventStep({
      eventName: "merchant_order.cancelled",
      data: transform({ input }, ({ input }) => ({ order_id: input.order_id, merchant_id: input.merchant_id, by: "customer" })),
    })
    return new WorkflowResponse(record)
  }
)
