import { conflictError } from "../../modules/booking/utils/errors"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { BOOKING_MODULE } from "../../modules/booking"
import type BookingModuleService from "../../modules/booking/service"
import type { RedeemInput } from "../../modules/booking/service"
import { loadMerchant, loadOffering, validateSlotRequest } from "./booking-context"
import { syncOrderLifecycleStep } from "../order/steps/sync-order-lifecycle"
import { refundUnit } from "../order/refunds"

const MIN = 60_000

function svc(container: MedusaContainer): BookingModuleService {
  return container.resolve(BOOKING_MODULE)
}

function notFound(id: string): never {
  throw new MedusaError(MedusaError.Types.NOT_FOUND, `预约 ${id} 不存在 (appointment not found)`)
}

async function ownAppointment(container: MedusaContainer, id: string, owner: { merchant_id?: string; customer_id?: string }) {
  const [a] = await svc(container).listBookingAppointments({ id, ...owner })
  if (!a) notFound(id)
  return a as any
}

// ---- 核销 check-in -------------------------------------------------------------------------

type RedeemAppointmentInput = Omit<RedeemInput, "time_zone">

const redeemStep = createStep(
  "booking-redeem",
  async (input: RedeemAppointmentInput, { container }) => {
    // The window is told in the shop's own wall-clock time, which only the merchant knows.
    const merchant = await loadMerchant(container, input.merchant_id)
    const updated = await svc(container).redeem({ ...input, time_zone: merchant.timezone ?? "Asia/Shanghai" })
    return new StepResponse(updated, updated.id as string)
  },
  async (id, { container }) => {
    if (id) await svc(container).transition({ id, from: ["checked_in"], to: "confirmed", set: { checked_in_at: null } })
  }
)

export const redeemAppointmentWorkflow = createWorkflow(
  "booking-redeem-appointment",
  (input: RedeemAppointmentInput) => {
    const updated = redeemStep(input)
    // The first 核销 accepts the order and captures a payment still only authorized (pay in store).
    syncOrderLifecycleStep(transform({ updated }, ({ updated }) => ({ order_id: (updated as any).order_id ?? null })))
    return new WorkflowResponse(updated)
  }
)

// ---- merchant: complete / no-show ---------------------------------------------------------

const merchantActionStep = createStep(
  "booking-merchant-action",
  async (input: { merchant_id: string; appointment_id: string; to: "completed" | "no_show" }, { container }) => {
    const a = await ownAppointment(container, input.appointment_id, { merchant_id: input.merchant_id })
    const from = input.to === "completed" ? ["checked_in"] : ["confirmed"]
    if (!from.includes(a.status)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        input.to === "completed"
          ? `只有已核销的预约可以完成，当前为 ${a.status} (only a checked-in appointment can be completed)`
          : `只有已预约未核销的可以标记未到店，当前为 ${a.status} (only a confirmed appointment can be a no-show)`
      )
    }
    // Even after an early (forced) 核销, the service is only done once its slot has begun.
    if (input.to === "completed" && new Date(a.start_at).getTime() > Date.now()) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "服务尚未开始，不能完成 (the service has not started yet)")
    }
    if (input.to === "no_show" && new Date(a.start_at).getTime() > Date.now()) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "预约时间未到，不能标记未到店 (the appointment has not started yet)")
    }
    const updated = await svc(container).transition({
      id: a.id,
      merchant_id: input.merchant_id,
      from: from as any,
      to: input.to,
    })
    if (!updated) throw conflictError( "预约状态已被修改，请刷新 (the appointment changed meanwhile)")
    return new StepResponse(updated, { id: a.id, from: a.status, to: input.to })
  },
  async (undo, { container }) => {
    if (!undo) return
    const stamp = undo.to === "completed" ? "completed_at" : "no_show_at"
    await svc(container).transition({ id: undo.id, from: [undo.to as any], to: undo.from, set: { [stamp]: null } })
  }
)

export const merchantAppointmentActionWorkflow = createWorkflow(
  "booking-merchant-appointment-action",
  (input: { merchant_id: string; appointment_id: string; to: "completed" | "no_show" }) => {
    const updated = merchantActionStep(input)
    syncOrderLifecycleStep(transform({ updated }, ({ updated }) => ({ order_id: updated.order_id ?? null })))
    // appointment.completed lets other domains (member points) act on the order the service was paid with.
    emitEventStep({
      eventName: transform({ input }, ({ input }) => `appointment.${input.to}`),
      data: transform({ updated }, ({ updated }) => ({
        id: updated.id,
        order_id: updated.order_id ?? null,
        merchant_id: updated.merchant_id,
      })),
    })
    return new WorkflowResponse(updated)
  }
)

// ---- customer: cancel ---------------------------------------------------------------------

/** What the customer gets back: everything inside the free window, else the shop's policy. */
async function cancellationTerms(container: MedusaContainer, a: any, offering: any) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let paid: number | null = null
  if (a.order_id && a.cart_id && a.line_item_id) {
    // The cart's line is the one the hold was sold as; it keeps its price after checkout.
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "items.id", "items.unit_price", "items.quantity"],
      filters: { id: a.cart_id },
    })
    const item = ((data[0] as any)?.items ?? []).find((i: any) => i?.id === a.line_item_id)
    if (item) paid = Number(item.unit_price) * Number(item.quantity)
  }
  const deadline = new Date(a.start_at).getTime() - offering.free_cancel_minutes * MIN
  const free = Date.now() <= deadline
  const fee = free ? 0 : offering.late_cancel_policy === "fee" ? Math.min(offering.late_cancel_fee, paid ?? offering.late_cancel_fee) : paid
  return {
    free,
    policy: free ? "free" : offering.late_cancel_policy,
    free_until: new Date(deadline).toISOString(),
    paid,
    fee,
    refund_amount: paid === null ? null : Math.max(0, paid - (fee ?? paid)),
  }
}

const cancelStep = createStep(
  "booking-customer-cancel",
  async (input: { customer_id: string; appointment_id: string; reason?: string }, { container }) => {
    const a = await ownAppointment(container, input.appointment_id, { customer_id: input.customer_id })
    if (a.status !== "confirmed") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `预约状态为 ${a.status}，不能取消 (only a confirmed, not yet redeemed appointment can be cancelled)`
      )
    }
    const offering = await svc(container).listBookingOfferings({ id: a.offering_id }, { withDeleted: true } as any)
    const terms = await cancellationTerms(container, a, offering[0])
    const updated = await svc(container).transition({
      id: a.id,
      from: ["confirmed"],
      to: "cancelled",
      set: { cancellation: { ...terms, by: "customer", reason: input.reason ?? null } },
    })
    if (!updated) throw conflictError( "预约状态已被修改，请刷新 (the appointment changed meanwhile)")
    return new StepResponse(updated, a.id as string)
  },
  async (id, { container }) => {
    if (id) await svc(container).transition({ id, from: ["cancelled"], to: "confirmed", set: { cancellation: null, cancelled_at: null } })
  }
)

const cents = (x: number) => Math.round(x * 100)

/**
 * Pays back what the cancellation terms allow, through Medusa's refund flow, from the order's captured
 * payments (WeChat Pay and Alipay capture when paid). A payment only authorised has taken no money yet:
 * nothing is refunded and the terms say so. If the refund fails the whole cancellation is undone.
 */
const refundCancellationStep = createStep(
  "booking-refund-cancellation",
  async (input: { appointment: any; customer_id: string }, { container }) => {
    const a = input.appointment
    const terms = a.cancellation ?? {}
    const wanted = cents(Number(terms.refund_amount ?? 0))
    if (!a.order_id || wanted <= 0) return new StepResponse(a)
    const refund = await refundUnit(container, { order_id: a.order_id, fen: wanted, created_by: input.customer_id, note: `预约取消 ${a.id}` })
    const updated = await svc(container).updateBookingAppointments({
      id: a.id,
      cancellation: { ...terms, ...refund },
    } as any)
    return new StepResponse(updated)
  }
)

export const cancelAppointmentWorkflow = createWorkflow(
  "booking-cancel-appointment",
  (input: { customer_id: string; appointment_id: string; reason?: string }) => {
    const cancelled = cancelStep(input)
    const refunded = refundCancellationStep(
      transform({ cancelled, input }, ({ cancelled, input }) => ({ appointment: cancelled, customer_id: input.customer_id }))
    )
    // The last live appointment cancelled closes the order (cancelled, or completed if a fee was kept).
    syncOrderLifecycleStep(transform({ cancelled }, ({ cancelled }) => ({ order_id: (cancelled as any).order_id ?? null })))
    return new WorkflowResponse(refunded)
  }
)

// ---- customer: reschedule -----------------------------------------------------------------

const rescheduleStep = createStep(
  "booking-customer-reschedule",
  async (input: { customer_id: string; appointment_id: string; start_at: string; resource_id?: string }, { container }) => {
    const a = await ownAppointment(container, input.appointment_id, { customer_id: input.customer_id })
    if (a.status !== "confirmed") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `预约状态为 ${a.status}，不能改期 (only a confirmed appointment can be rescheduled)`)
    }
    const offering = await loadOffering(container, a.offering_id)
    if (Date.now() > new Date(a.start_at).getTime() - offering.free_cancel_minutes * MIN) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `已过免费改期时间（开始前 ${offering.free_cancel_minutes} 分钟） (free_cancel_window: too late to reschedule)`
      )
    }
    const merchant = await loadMerchant(container, a.merchant_id)
    const slot = await validateSlotRequest(container, {
      merchant,
      offering,
      start_at: input.start_at,
      party_size: a.party_size,
      resource_id: input.resource_id,
      address: a.address,
    })
    const before = { resource_id: a.resource_id, start_at: a.start_at, end_at: a.end_at, occupied_from: a.occupied_from, occupied_to: a.occupied_to }
    const updated = await svc(container).rescheduleInTx({
      appointment_id: a.id,
      resource_ids: slot.resource_ids,
      start_at: slot.start_at,
      end_at: slot.end_at,
      occupied_from: slot.occupied_from,
      occupied_to: slot.occupied_to,
    })
    return new StepResponse(updated, { id: a.id, before })
  }
)

export const rescheduleAppointmentWorkflow = createWorkflow(
  "booking-reschedule-appointment",
  (input: { customer_id: string; appointment_id: string; start_at: string; resource_id?: string }) =>
    new WorkflowResponse(rescheduleStep(input))
)
