import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../modules/booking"
import type BookingModuleService from "../modules/booking/service"
import { fenToYuan, toFen, toYuanString } from "../lib/money"
import { loadOrderFacts, loadOrdersFacts } from "../workflows/order/facts"
import { appointmentActions, ORDER_LABELS, orderActions, paymentStatus, type Actor } from "../workflows/order/lifecycle"
import { presentAppointment } from "./vendor/booking/helpers"
import { presentVoucher } from "./vendor/booking/voucher-helpers"

const yuan = (x: unknown) => toYuanString((x ?? 0) as any)

/**
 * One order as its lifecycle sees it, for the customer's order page, the admin and the 商家中心: the
 * status and its label, why it was rejected or cancelled, the actions this actor may take now (the
 * pages show those and nothing else), the shop, what was charged and discounted, the refunds, and its
 * appointments and vouchers with their own actions. Codes and QR payloads only for the customer.
 */
export async function presentOrderLifecycle(container: MedusaContainer, orderId: string, actor: Actor) {
  const facts = await loadOrderFacts(container, orderId)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "customer_id",
      "currency_code",
      "created_at",
      "item_subtotal",
      "original_item_total",
      "item_total",
      "discount_total",
      "shipping_total",
      "total",
      "items.id",
      "items.title",
      "items.product_title",
      "items.variant_title",
      "items.quantity",
      "items.unit_price",
      "items.subtotal",
      "items.discount_total",
      "items.total",
      "items.adjustments.code",
      "items.adjustments.amount",
      "payment_collections.payments.refunds.id",
      "payment_collections.payments.refunds.amount",
      "payment_collections.payments.refunds.note",
      "payment_collections.payments.refunds.created_at",
      "payment_collections.payments.provider_id",
      "merchant.id",
      "merchant.name",
      "merchant.slug",
      "merchant.phone",
      "merchant.city",
      "merchant.district",
      "merchant.street",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as any
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const appts = (await booking.listBookingAppointments({ order_id: orderId } as any, { order: { start_at: "ASC" } })) as any[]
  const vouchers = (await booking.listBookingVouchers({ order_id: orderId } as any, { order: { created_at: "ASC" } })) as any[]
  const withCode = actor === "customer"
  const refunds = ((order?.payment_collections ?? []) as any[])
    .flatMap((pc) => (pc?.payments ?? []).flatMap((p: any) => (p?.refunds ?? []).map((r: any) => ({ ...r, provider_id: p.provider_id }))))
    .filter(Boolean)
    .map((r: any) => ({ id: r.id, amount: yuan(r.amount), note: r.note ?? null, created_at: r.created_at, provider_id: r.provider_id }))
  const discounts = new Map<string, number>()
  for (const item of (order?.items ?? []) as any[]) {
    for (const adj of item?.adjustments ?? []) discounts.set(adj.code ?? "", (discounts.get(adj.code ?? "") ?? 0) + toFen(adj.amount))
  }
  const shop = order?.merchant
  return {
    order_id: orderId,
    display_id: order?.display_id ?? null,
    customer_id: order?.customer_id ?? null,
    created_at: order?.created_at ?? null,
    status: facts.status,
    status_label: ORDER_LABELS[facts.status],
    reason: ["rejected", "cancelled"].includes(facts.status) ? facts.reject_reason : null,
    actions: orderActions(facts, actor),
    payment_status: paymentStatus(facts),
    shop: shop
      ? { id: shop.id, name: shop.name, slug: shop.slug, phone: shop.phone, address: [shop.city, shop.district, shop.street].filter(Boolean).join("") }
      : null,
    amounts: {
      currency_code: order?.currency_code ?? "cny",
      // What the items cost as priced (tax included, before discounts): item_subtotal leaves the tax out.
      items: yuan(order?.original_item_total ?? order?.item_subtotal),
      discount: yuan(order?.discount_total),
      shipping: yuan(order?.shipping_total),
      total: yuan(order?.total),
      captured: fenToYuan(facts.payment.captured_fen),
      refunded: fenToYuan(facts.payment.refunded_fen),
      // Authorized but never taken, then let go (a cancelled pay-in-store or manual payment): nothing
      // was charged, so nothing was refunded either, and the customer's page says so.
      released: fenToYuan(facts.payments.filter((p) => p.canceled_at).reduce((s, p) => s + Math.max(0, p.amount_fen - p.captured_fen), 0)),
      discounts: [...discounts.entries()].map(([code, fen]) => ({ code, amount: fenToYuan(fen) })),
    },
    items: ((order?.items ?? []) as any[]).map((i) => ({
      id: i.id,
      title: i.product_title ?? i.title,
      variant_title: i.variant_title ?? null,
      quantity: Number(i.quantity),
      unit_price: yuan(i.unit_price),
      subtotal: yuan(i.subtotal),
      discount: yuan(i.discount_total),
      total: yuan(i.total),
    })),
    refunds,
    appointments: await withAppointmentActions(container, appts, actor, (a) => presentAppointment(a, { withCode }, booking)),
    vouchers: vouchers.map((v) => {
      const shown = presentVoucher(v, { audience: actor === "customer" ? "customer" : "shop", merchant_name: shop?.name ?? null })
      // The order's own state closes every voucher action once it is rejected or cancelled.
      return ["rejected", "cancelled"].includes(facts.status) ? { ...shown, actions: [] } : shown
    }),
  }
}

/** The customer's own order, or a 404 that does not say whether someone else's exists. */
export async function assertCustomerOrder(container: MedusaContainer, orderId: string, customerId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "customer_id", "merchant.id"], filters: { id: orderId } })
  const order = data[0] as any
  if (!order || !customerId || order.customer_id !== customerId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `订单 ${orderId} 不存在 (order not found)`)
  }
  return { merchant_id: order.merchant?.id as string }
}

/**
 * Appointments, each with the actions the lifecycle offers `actor` now (for the customer: 取消, and 改约
 * while the offering's free window lasts), so pages show those and decide nothing.
 */
export async function withAppointmentActions(
  container: MedusaContainer,
  rows: any[],
  actor: Actor,
  present: (a: any) => Record<string, unknown>
) {
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const orderIds = [...new Set(rows.map((a) => a.order_id).filter(Boolean))] as string[]
  const offeringIds = [...new Set(rows.map((a) => a.offering_id))] as string[]
  const [facts, offerings] = await Promise.all([
    loadOrdersFacts(container, orderIds),
    offeringIds.length ? booking.listBookingOfferings({ id: offeringIds } as any, { select: ["id", "free_cancel_minutes"], withDeleted: true } as any) : [],
  ])
  const freeMinutes = new Map((offerings as any[]).map((o) => [o.id, Number(o.free_cancel_minutes)]))
  return rows.map((a) => {
    const f = a.order_id ? facts.get(a.order_id) : undefined
    const free_cancel_until = new Date(new Date(a.start_at).getTime() - (freeMinutes.get(a.offering_id) ?? 0) * 60_000)
    return { ...present(a), actions: f ? appointmentActions(f, a, actor, { free_cancel_until }) : [] }
  })
}
