import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../modules/booking"
import type BookingModuleService from "../../modules/booking/service"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type MerchantModuleService from "../../modules/merchant/service"
import { toFen } from "../../lib/money"
import { REVIEW_MODULE } from "../../modules/review"
import type { OrderFacts, OrderStatus } from "./lifecycle"
import { releasedFen } from "./refunds"

export type LoadedOrder = OrderFacts & {
  order_id: string
  merchant_id: string
  medusa_status: string
  reject_reason: string | null
  payments: Array<{ id: string; provider_id: string; amount_fen: number; captured_fen: number; refunded_fen: number; canceled_at: string | null }>
  /** Owed back to the customer for cancelled or refunded units while nothing was captured: never to be captured. */
  released_fen: number
}

const sum = (xs: any[] | undefined) => (xs ?? []).reduce((s, x) => s + toFen(x?.raw_amount ?? x?.amount ?? 0), 0)

/**
 * What the lifecycle table needs about one order, read fresh: the shop's status record, Medusa's
 * payments (authorized, captured, refunded), the appointments and vouchers sold in it. With a
 * merchant_id, another shop's order is a 404, as if it did not exist.
 */
export async function loadOrderFacts(container: MedusaContainer, orderId: string, merchantId?: string): Promise<LoadedOrder> {
  const found = (await loadOrdersFacts(container, [orderId], merchantId)).get(orderId)
  if (!found) throw new MedusaError(MedusaError.Types.NOT_FOUND, `订单 ${orderId} 不存在 (order not found)`)
  return found
}

/** The same for a page of orders, in four queries whatever the page size. Orders of other shops are left out. */
export async function loadOrdersFacts(container: MedusaContainer, orderIds: string[], merchantId?: string) {
  const out = new Map<string, LoadedOrder>()
  if (!orderIds.length) return out
  const merchants: MerchantModuleService = container.resolve(MERCHANT_MODULE)
  const states = (await merchants.listMerchantOrderStates(
    { order_id: orderIds, ...(merchantId ? { merchant_id: merchantId } : {}) } as any,
    {}
  )) as any[]
  if (!states.length) return out
  const ids = states.map((s) => s.order_id)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "status",
      "items.id",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.amount",
      "payment_collections.payments.raw_amount",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.captures.amount",
      "payment_collections.payments.captures.raw_amount",
      "payment_collections.payments.refunds.amount",
      "payment_collections.payments.refunds.raw_amount",
    ],
    filters: { id: ids },
  })
  const orders = new Map((data as any[]).map((o) => [o.id, o]))
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const appointments = (await booking.listBookingAppointments({ order_id: ids } as any, {
    select: ["id", "order_id", "status", "start_at", "end_at", "cancellation"],
    order: { start_at: "ASC" },
  })) as any[]
  const vouchers = (await booking.listBookingVouchers({ order_id: ids } as any, { select: ["id", "order_id", "status", "refund"] })) as any[]
  const reviews = (await (container.resolve(REVIEW_MODULE) as any).listReviews({ order_id: ids }, { select: ["order_id", "line_item_id"] })) as any[]
  for (const state of states) {
    const order = orders.get(state.order_id)
    const payments = ((order?.payment_collections ?? []) as any[])
      .flatMap((pc) => pc?.payments ?? [])
      .filter(Boolean)
      .map((p: any) => ({
        id: p.id,
        provider_id: p.provider_id,
        amount_fen: toFen(p.raw_amount ?? p.amount),
        captured_fen: sum(p.captures),
        refunded_fen: sum(p.refunds),
        canceled_at: p.canceled_at ?? null,
      }))
    const uncaptured = payments.filter((p) => p.captured_fen < p.amount_fen)
    const mineA = appointments.filter((a) => a.order_id === state.order_id)
    const mineV = vouchers.filter((v) => v.order_id === state.order_id)
    out.set(state.order_id, {
      order_id: state.order_id,
      merchant_id: state.merchant_id,
      status: state.status as OrderStatus,
      reject_reason: state.reject_reason ?? null,
      medusa_status: order?.status ?? "pending",
      payments,
      released_fen: releasedFen(mineA, mineV),
      payment: {
        authorized_fen: payments.reduce((s, p) => s + p.amount_fen, 0),
        captured_fen: payments.reduce((s, p) => s + p.captured_fen, 0),
        refunded_fen: payments.reduce((s, p) => s + p.refunded_fen, 0),
        canceled: uncaptured.length > 0 && uncaptured.every((p) => !!p.canceled_at),
      },
      appointments: mineA.map((a) => ({ id: a.id, status: a.status, start_at: a.start_at, end_at: a.end_at })),
      vouchers: mineV.map((v) => ({ id: v.id, status: v.status })),
      reviewed: ((order?.items ?? []) as any[]).every((i) => reviews.some((r) => r.order_id === state.order_id && r.line_item_id === i?.id)),
    })
  }
  return out
}
