/**
 * The one lifecycle of a shop's order: what the order, its payment, its appointments and its vouchers
 * may do next, decided from what they are now. Every path (storefront, gateway, 商家中心, admin, jobs)
 * asks this table before it acts and the API hands its answer to the UIs, so no page decides an action
 * by itself. Pure: no database, so the state-machine test and the table in docs/order.md read the same code.
 */

export const ORDER_STATUSES = ["new", "accepted", "ready", "completed", "rejected", "cancelled"] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export type AppointmentState = "held" | "confirmed" | "checked_in" | "completed" | "cancelled" | "no_show" | "expired"
export type VoucherState = "unused" | "redeemed" | "refunded" | "expired"

/** What the lifecycle needs to know about one order. Amounts in fen. */
export type OrderFacts = {
  status: OrderStatus
  /** Gateway providers (WeChat Pay, Alipay, card) capture at notification; others capture at 核销/completion. */
  payment: { authorized_fen: number; captured_fen: number; refunded_fen: number; canceled: boolean }
  appointments: Array<{ id: string; status: AppointmentState; start_at: Date | string; end_at: Date | string }>
  vouchers: Array<{ id: string; status: VoucherState }>
  /** Every line of the order has the customer's review. */
  reviewed?: boolean
}

export type OrderAction = "accept" | "reject" | "ready" | "complete" | "refund" | "review" | "cancel"
export type AppointmentAction = "redeem" | "complete" | "no_show" | "cancel" | "reschedule"
export type VoucherAction = "redeem" | "refund"
export type Actor = "shop" | "customer" | "operator"

export const ORDER_LABELS: Record<OrderStatus, string> = {
  new: "待接单",
  accepted: "已接单",
  ready: "已备好",
  completed: "已完成",
  rejected: "已拒单",
  cancelled: "已取消",
}

export const ACTION_LABELS: Record<OrderAction | AppointmentAction | VoucherAction, string> = {
  accept: "接单",
  reject: "拒单",
  ready: "备好",
  complete: "完成",
  refund: "退款",
  review: "评价",
  redeem: "核销",
  no_show: "未到店",
  cancel: "取消预约",
  reschedule: "改期",
}

const FINAL: OrderStatus[] = ["completed", "rejected", "cancelled"]
/** An appointment or voucher that has been served: the shop can no longer say no to the order. */
const SERVED_APPT: AppointmentState[] = ["checked_in", "completed", "no_show"]
const LIVE_APPT: AppointmentState[] = ["confirmed", "checked_in"]

export const isFinal = (s: OrderStatus) => FINAL.includes(s)
export const isBookingOrder = (f: OrderFacts) => f.appointments.length > 0
export const isVoucherOrder = (f: OrderFacts) => f.vouchers.length > 0
/** Goods handed over by the shop (takeout, retail): neither appointments nor vouchers. */
export const isGoodsOrder = (f: OrderFacts) => !isBookingOrder(f) && !isVoucherOrder(f)
export const served = (f: OrderFacts) =>
  f.appointments.some((a) => SERVED_APPT.includes(a.status)) || f.vouchers.some((v) => v.status === "redeemed")
export const capturedLeft = (f: OrderFacts) => f.payment.captured_fen - f.payment.refunded_fen

/**
 * The payment's state in Medusa's words (what its admin shows as payment_status), from the amounts:
 * Medusa computes it only when its own order routes retrieve an order, so other views derive it here.
 */
export function paymentStatus(f: OrderFacts): "not_paid" | "authorized" | "captured" | "partially_refunded" | "refunded" | "canceled" {
  const p = f.payment
  if (p.captured_fen > 0) return p.refunded_fen >= p.captured_fen ? "refunded" : p.refunded_fen > 0 ? "partially_refunded" : "captured"
  if (p.authorized_fen > 0) return p.canceled ? "canceled" : "authorized"
  return "not_paid"
}

/** The order-level actions an actor may take now. */
export function orderActions(f: OrderFacts, actor: Actor): OrderAction[] {
  const out: OrderAction[] = []
  if (actor === "shop") {
    if (f.status === "new") out.push("accept")
    // Once a unit has been served (核销, completed, no-show) a refusal is an after-sales refund, not a 拒单.
    if (["new", "accepted", "ready"].includes(f.status) && !served(f)) out.push("reject")
    // Bookings and vouchers complete themselves when their last unit is served; goods are handed over.
    if (isGoodsOrder(f)) {
      if (f.status === "accepted") out.push("ready")
      if (f.status === "accepted" || f.status === "ready") out.push("complete")
    }
  }
  if (actor === "operator") {
    if (capturedLeft(f) > 0 || (!isFinal(f.status) && f.payment.authorized_fen > f.payment.captured_fen && !f.payment.canceled)) out.push("refund")
  }
  if (actor === "customer") {
    // Before the shop has taken it on, the customer may call the whole order off (未接单可取消).
    if (f.status === "new" && !served(f)) out.push("cancel")
    // The same rule as review eligibility (src/workflows/review/eligibility.ts): a completed order, or a served appointment.
    const reviewable = f.status === "completed" || f.appointments.some((a) => a.status === "completed")
    if (reviewable && !f.reviewed && !["rejected", "cancelled"].includes(f.status)) out.push("review")
  }
  return out
}

export type AppointmentFacts = OrderFacts["appointments"][number]
/** The actions on one appointment of the order (核销 is offered all through `confirmed`: see below). */
export function appointmentActions(
  f: OrderFacts,
  a: AppointmentFacts,
  actor: Actor,
  opts: { now?: Date; free_cancel_until?: Date | null } = {}
): AppointmentAction[] {
  const now = opts.now ?? new Date()
  if (isFinal(f.status) && f.status !== "completed") return []
  const out: AppointmentAction[] = []
  const start = new Date(a.start_at)
  if (actor === "shop") {
    if (a.status === "confirmed") {
      // Outside the window 核销 is still offered: the backend then asks for a reason (redeem anyway).
      out.push("redeem")
      if (now >= start) out.push("no_show")
    }
    if (a.status === "checked_in" && now >= start) out.push("complete")
  }
  if (actor === "customer" && a.status === "confirmed") {
    out.push("cancel")
    if (!opts.free_cancel_until || now <= opts.free_cancel_until) out.push("reschedule")
  }
  return out
}

// A voucher's own actions (核销 while live, refund while live and refundable) are the booking domain's
// customerVoucherActions/shopVoucherActions; an order rejected or cancelled closes them all.

/**
 * Where an order's own status goes after its units moved (the sync after 核销, completion, no-show,
 * cancellation, refund): served units accept a new order; an order whose every unit is settled completes
 * if any was served, or is cancelled if none was. null: stays as it is.
 */
export function derivedOrderStatus(f: OrderFacts): OrderStatus | null {
  if (isFinal(f.status) || isGoodsOrder(f)) return null
  const units: string[] = [...f.appointments.map((a) => a.status), ...f.vouchers.map((v) => v.status)]
  const open = f.appointments.some((a) => LIVE_APPT.includes(a.status) || a.status === "held") || f.vouchers.some((v) => v.status === "unused")
  const anyServed = f.appointments.some((a) => a.status === "completed" || a.status === "no_show") || f.vouchers.some((v) => v.status === "redeemed")
  // Money kept by a cancellation policy (late cancel) closes the order as done, not as cancelled.
  if (!open && units.length) return anyServed || capturedLeft(f) > 0 ? "completed" : "cancelled"
  if (f.status === "new" && served(f)) return "accepted"
  return null
}

/**
 * Invariants that hold after every transition; returns what is broken (empty when sound). The
 * state-machine test asserts them after each step, the reconciliation job reports them.
 */
export function invariantViolations(f: OrderFacts): string[] {
  const bad: string[] = []
  const left = capturedLeft(f)
  if (f.status === "completed" && f.payment.captured_fen <= 0 && f.payment.authorized_fen > 0) {
    bad.push("completed without a captured payment")
  }
  if (["rejected", "cancelled"].includes(f.status)) {
    if (left > 0) bad.push(`${f.status} with ${left} fen captured and not refunded`)
    if (f.payment.authorized_fen > f.payment.captured_fen && !f.payment.canceled) bad.push(`${f.status} with an open authorization`)
    if (f.appointments.some((a) => LIVE_APPT.includes(a.status) || a.status === "held")) bad.push(`${f.status} with a live appointment`)
    if (f.vouchers.some((v) => v.status === "unused")) bad.push(`${f.status} with an unused voucher`)
  }
  if (f.status === "rejected" && served(f)) bad.push("rejected after a unit was served")
  if (served(f) && f.payment.captured_fen <= 0 && f.payment.authorized_fen > 0 && !f.payment.canceled) {
    bad.push("a served unit without a captured payment")
  }
  if (f.payment.refunded_fen > f.payment.captured_fen) bad.push("refunded more than captured")
  return bad
}

/** The lifecycle as rows for docs/order.md and the admin: from, action, actor, to, guard. */
export const TRANSITION_TABLE: Array<{ entity: string; from: string; action: string; actor: string; to: string; guard?: string }> = [
  { entity: "order", from: "(cart)", action: "pay", actor: "customer/gateway", to: "new", guard: "one order per cart (cart lock); business refusal with no order → full refund" },
  { entity: "order", from: "new", action: "accept 接单", actor: "shop", to: "accepted" },
  { entity: "order", from: "new, accepted, ready", action: "reject 拒单", actor: "shop", to: "rejected", guard: "nothing served yet; reason required; refund, seats, points, coupon returned" },
  { entity: "order", from: "new", action: "cancel 取消订单", actor: "customer", to: "cancelled", guard: "nothing served yet; everything given back as for 拒单" },
  { entity: "order", from: "accepted", action: "ready 备好", actor: "shop", to: "ready", guard: "goods orders only" },
  { entity: "order", from: "accepted, ready", action: "complete 完成", actor: "shop", to: "completed", guard: "goods orders only; captures an open authorization" },
  { entity: "order", from: "new", action: "(first 核销)", actor: "system", to: "accepted" },
  { entity: "order", from: "new, accepted, ready", action: "(last unit settled, one served or a fee kept)", actor: "system", to: "completed", guard: "captures; Medusa order completed; points earned" },
  { entity: "order", from: "new, accepted, ready", action: "(last unit settled, none served, nothing kept)", actor: "system", to: "cancelled", guard: "Medusa order canceled; open authorization voided; coupon returned" },
  { entity: "order", from: "any with money left", action: "refund 退款", actor: "operator", to: "cancelled (if nothing was served)", guard: "full refund of what is left; a served or completed order keeps its status" },
  { entity: "appointment", from: "held", action: "(hold expiry)", actor: "job", to: "expired" },
  { entity: "appointment", from: "held", action: "pay", actor: "customer", to: "confirmed", guard: "code issued" },
  { entity: "appointment", from: "confirmed", action: "redeem 核销", actor: "shop", to: "checked_in", guard: "inside the 核销 window, or forced with a logged reason" },
  { entity: "appointment", from: "checked_in", action: "complete 完成服务", actor: "shop", to: "completed", guard: "not before the slot starts" },
  { entity: "appointment", from: "confirmed", action: "no_show 未到店", actor: "shop", to: "no_show", guard: "after the slot starts" },
  { entity: "appointment", from: "confirmed", action: "cancel 取消", actor: "customer", to: "cancelled", guard: "refund per the offering's cancellation terms" },
  { entity: "voucher", from: "unused", action: "redeem 核销", actor: "shop", to: "redeemed" },
  { entity: "voucher", from: "unused", action: "refund 退款", actor: "customer", to: "refunded", guard: "product allows refunds" },
  { entity: "voucher", from: "unused", action: "(expiry)", actor: "job", to: "expired (refunded if the product says so)" },
  { entity: "payment", from: "authorized", action: "capture", actor: "system", to: "captured", guard: "gateway: at notification; in store: at 核销/completion" },
  { entity: "payment", from: "captured", action: "refund", actor: "system/operator", to: "partially_refunded, refunded" },
  { entity: "payment", from: "authorized", action: "cancel", actor: "system", to: "canceled", guard: "order rejected/cancelled before capture" },
]
