import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { BOOKING_MODULE } from "../../modules/booking"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type BookingModuleService from "../../modules/booking/service"
import { conflictError } from "../../modules/booking/utils/errors"
import { customerVoucherActions, isVoucherLive, toFen } from "../../modules/booking/utils/voucher"
import { syncOrderLifecycleStep } from "../order/steps/sync-order-lifecycle"
import { refundUnit } from "../order/refunds"

function svc(container: MedusaContainer): BookingModuleService {
  return container.resolve(BOOKING_MODULE)
}

function notFound(id: string): never {
  throw new MedusaError(MedusaError.Types.NOT_FOUND, `团购券 ${id} 不存在 (voucher not found)`)
}

// Amounts leave the domain in yuan, like Medusa's own; fen / 100 is exact for whole fen.
const yuan = (fen: number) => fen / 100

// ---- 核销 --------------------------------------------------------------------------------------

export type RedeemVoucherInput = {
  merchant_id: string
  member_id?: string | null
  code?: string
  qr?: string
  time_zone?: string | null
}

const redeemVoucherStep = createStep(
  "booking-voucher-redeem",
  async (input: RedeemVoucherInput, { container }) => {
    let timeZone = input.time_zone
    if (!timeZone) {
      const [m] = await (container.resolve(MERCHANT_MODULE) as any).listMerchants({ id: input.merchant_id }, { select: ["id", "timezone"] })
      timeZone = m?.timezone ?? null
    }
    const updated = await svc(container).redeemVoucher({ ...input, time_zone: timeZone })
    return new StepResponse(updated, updated.id as string)
  },
  async (id, { container }) => {
    if (!id) return
    await svc(container).voucherTransition({
      id,
      from: ["redeemed"],
      to: "unused",
      set: { redeemed_at: null, redeemed_by: null },
    })
  }
)

/** 核销 of a voucher at the counter, then the order follows (the lifecycle decides accept/complete/capture). */
export const redeemVoucherWorkflow = createWorkflow("booking-redeem-voucher", (input: RedeemVoucherInput) => {
  const voucher = redeemVoucherStep(input)
  syncOrderLifecycleStep(transform({ voucher }, ({ voucher }) => ({ order_id: voucher.order_id as string })))
  return new WorkflowResponse(voucher)
})

// ---- refunds -----------------------------------------------------------------------------------

type RefundRecord = {
  by: "customer" | "expiry"
  reason: string | null
  amount: number
  refund_status?: "refunded" | "partially_refunded" | "not_captured"
  refunded_amount?: number
  refunds?: { payment_id: string; amount: number }[]
}

/** Pays what the voucher cost back, through the order lifecycle's refundUnit (captured money only). */
async function refundVoucherMoney(container: MedusaContainer, v: any, createdBy: string) {
  const wanted = Number(v.paid_amount)
  const record: RefundRecord = { ...(v.refund ?? {}) }
  if (wanted <= 0) return { ...record, refund_status: "refunded", refunded_amount: yuan(0), refunds: [] } as RefundRecord
  const refund = await refundUnit(container, { order_id: v.order_id, fen: wanted, created_by: createdBy, note: `团购券退款 ${v.id}` })
  return { ...record, ...refund } as RefundRecord
}

/** Runs after the voucher was marked refunded; a failed refund fails the workflow, which undoes the mark. */
const refundVoucherPaymentStep = createStep(
  "booking-voucher-refund-payment",
  async (input: { voucher: any | null; created_by: string }, { container }) => {
    const v = input.voucher
    if (!v || v.status !== "refunded") return new StepResponse(v)
    const refund = await refundVoucherMoney(container, v, input.created_by)
    const updated = await svc(container).updateBookingVouchers({ id: v.id, refund } as any)
    return new StepResponse(updated)
  }
)

const markVoucherRefundedStep = createStep(
  "booking-voucher-mark-refunded",
  async (input: { voucher_id: string; customer_id: string; reason?: string | null }, { container }) => {
    const [v] = (await svc(container).listBookingVouchers({ id: input.voucher_id, customer_id: input.customer_id })) as any[]
    if (!v) notFound(input.voucher_id)
    if (v.status === "redeemed") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "团购券已核销，不能退款 (a redeemed voucher cannot be refunded)")
    }
    if (v.status === "refunded") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "团购券已退款 (the voucher was already refunded)")
    }
    if (!isVoucherLive(v)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "团购券已过期，不能申请退款 (an expired voucher cannot be refunded by request)")
    }
    if (!customerVoucherActions(v).includes("refund")) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "该团购券不支持退款 (this voucher is not refundable)")
    }
    const refund: RefundRecord = { by: "customer", reason: input.reason ?? null, amount: yuan(Number(v.paid_amount)) }
    const updated = await svc(container).voucherTransition({
      id: v.id,
      customer_id: input.customer_id,
      from: ["unused"],
      to: "refunded",
      unexpired: true,
      set: { refund },
    })
    if (!updated) throw conflictError("团购券状态已变化，请刷新后重试 (the voucher changed meanwhile; refresh and retry)")
    return new StepResponse(updated, updated.id as string)
  },
  async (id, { container }) => {
    if (!id) return
    await svc(container).voucherTransition({ id, from: ["refunded"], to: "unused", set: { refunded_at: null, refund: null } })
  }
)

/**
 * The customer's refund of an unused voucher (only their own, only while unused and unexpired, only if
 * the product allowed refunds when it was bought): the voucher's paid amount goes back to the payment.
 */
export const refundVoucherWorkflow = createWorkflow(
  "booking-refund-voucher",
  (input: { voucher_id: string; customer_id: string; reason?: string | null }) => {
    const marked = markVoucherRefundedStep(input)
    const refunded = refundVoucherPaymentStep(
      transform({ marked, input }, ({ marked, input }) => ({ voucher: marked, created_by: input.customer_id }))
    )
    syncOrderLifecycleStep(transform({ marked }, ({ marked }) => ({ order_id: marked.order_id as string })))
    return new WorkflowResponse(refunded)
  }
)

// ---- expiry ------------------------------------------------------------------------------------

const expireVoucherStep = createStep(
  "booking-voucher-expire",
  async (input: { voucher_id: string }, { container }) => {
    const [v] = (await svc(container).listBookingVouchers({ id: input.voucher_id })) as any[]
    // Already handled (a second run, or redeemed/refunded meanwhile): nothing to do.
    if (!v || v.status !== "unused" || new Date(v.expires_at).getTime() > Date.now()) return new StepResponse(null, null)
    const to = v.refund_on_expiry ? "refunded" : "expired"
    const updated = await svc(container).voucherTransition({
      id: v.id,
      from: ["unused"],
      to,
      due: true,
      set: to === "refunded" ? { refund: { by: "expiry", reason: "过期自动退款", amount: yuan(Number(v.paid_amount)) } } : {},
    })
    return new StepResponse(updated, updated ? { id: updated.id as string, to } : null)
  },
  async (undo, { container }) => {
    if (!undo) return
    await svc(container).voucherTransition({
      id: undo.id,
      from: [undo.to as any],
      to: "unused",
      set: undo.to === "refunded" ? { refunded_at: null, refund: null } : {},
    })
  }
)

/**
 * An unused voucher past its expiry: expired, or — if its product refunds on expiry (过期退) — refunded
 * in full. Idempotent: a voucher no longer unused, or not yet due, is left as it is.
 */
export const expireVoucherWorkflow = createWorkflow("booking-expire-voucher", (input: { voucher_id: string }) => {
  const expired = expireVoucherStep(input)
  const result = refundVoucherPaymentStep(
    transform({ expired }, ({ expired }) => ({ voucher: expired, created_by: "system" }))
  ).config({ name: "booking-voucher-expiry-refund-payment" })
  syncOrderLifecycleStep(transform({ expired }, ({ expired }) => ({ order_id: (expired?.order_id as string) ?? null })))
  return new WorkflowResponse(result)
})
