import type { MedusaContainer } from "@medusajs/framework/types"
import { BOOKING_MODULE } from "../../../modules/booking"
import type BookingModuleService from "../../../modules/booking/service"
import { dayBounds, isIsoDate, localDate } from "../../../modules/booking/utils/slots"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { loadOrdersFacts } from "../../../workflows/order/facts"
import { appointmentActions, type Actor } from "../../../workflows/order/lifecycle"

export const STATUS_LABELS: Record<string, string> = {
  held: "保留中",
  confirmed: "已预约",
  checked_in: "已核销",
  completed: "已完成",
  cancelled: "已取消",
  no_show: "未到店",
  expired: "已过期",
}

/**
 * The public shape of an appointment. The redemption code and QR payload are only for the customer
 * who booked: a clerk who could read them could redeem without the customer being there.
 */
export function presentAppointment(a: any, opts: { withCode?: boolean } = {}, booking?: BookingModuleService) {
  const live = a.status !== "held" || new Date(a.expires_at).getTime() > Date.now()
  const out: Record<string, unknown> = {
    id: a.id,
    status: live ? a.status : "expired",
    status_label: STATUS_LABELS[live ? a.status : "expired"],
    merchant_id: a.merchant_id,
    offering_id: a.offering_id,
    resource_id: a.resource_id,
    customer_id: a.customer_id,
    order_id: a.order_id,
    cart_id: a.cart_id,
    line_item_id: a.line_item_id,
    party_size: a.party_size,
    start_at: a.start_at,
    end_at: a.end_at,
    occupied_from: a.occupied_from,
    occupied_to: a.occupied_to,
    expires_at: a.status === "held" ? a.expires_at : null,
    address: a.address,
    reschedules: a.reschedules ?? [],
    cancellation: a.cancellation,
    confirmed_at: a.confirmed_at,
    checked_in_at: a.checked_in_at,
    completed_at: a.completed_at,
    cancelled_at: a.cancelled_at,
    no_show_at: a.no_show_at,
  }
  if (opts.withCode && a.code && ["confirmed", "checked_in", "completed"].includes(a.status)) {
    out.code = a.code
    out.qr_payload = booking?.qrPayload(a) ?? null
  }
  return out
}

export function parseDate(date: string | undefined, timeZone: string) {
  const d = date ?? localDate(Date.now(), timeZone)
  if (!isIsoDate(d)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `date: 日期 ${d} 无效 (not a real calendar date)`)
  }
  return d
}

/**
 * One local day of one shop: every resource with its bookings and closures (日历视图). Each booking
 * carries the `actions` the order lifecycle offers `actor` on it now (核销, 完成服务, 未到店), so the
 * calendar shows those and decides nothing; one without an order (a hold) has none.
 */
export async function dayView(container: MedusaContainer, merchant: any, date: string, resourceId?: string, actor: Actor = "shop") {
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const tz = merchant.timezone ?? "Asia/Shanghai"
  const [from, to] = dayBounds(date, tz)
  const resources = await booking.listBookingResources(
    { merchant_id: merchant.id, ...(resourceId ? { id: resourceId } : {}) },
    { order: { name: "ASC" } }
  )
  if (resourceId && !resources.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `资源 ${resourceId} 不存在 (resource not found)`)
  }
  const ids = resources.map((r) => r.id)
  const [appointments, closures, offerings] = await Promise.all([
    ids.length
      ? booking.listBookingAppointments(
          {
            resource_id: ids,
            status: ["held", "confirmed", "checked_in", "completed", "no_show"],
            start_at: { $lt: new Date(to) },
            end_at: { $gt: new Date(from) },
          } as any,
          { order: { start_at: "ASC" } }
        )
      : [],
    booking.listBookingClosures({ merchant_id: merchant.id, starts_at: { $lt: new Date(to) }, ends_at: { $gt: new Date(from) } } as any),
    booking.listBookingOfferings({ merchant_id: merchant.id }, { withDeleted: true } as any),
  ])
  const offeringName = new Map(offerings.map((o: any) => [o.id, o.name]))
  const orderIds = [...new Set(appointments.map((a: any) => a.order_id).filter(Boolean))] as string[]
  const [contacts, facts] = await Promise.all([
    orderContacts(container, orderIds),
    loadOrdersFacts(container, orderIds, merchant.id),
  ])
  const now = new Date()
  const actionsOf = (a: any) => {
    const f = a.order_id ? facts.get(a.order_id) : undefined
    return f ? appointmentActions(f, a, actor, { now }) : []
  }
  return {
    merchant: { id: merchant.id, name: merchant.name, timezone: tz },
    date,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    resources: resources.map((r: any) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      capacity: r.capacity,
      is_active: r.is_active,
      closures: closures.filter((c: any) => !c.resource_id || c.resource_id === r.id),
      appointments: appointments
        .filter((a: any) => a.resource_id === r.id)
        .map((a: any) => ({
          ...presentAppointment(a),
          offering_name: offeringName.get(a.offering_id) ?? null,
          order_display_id: contacts.get(a.order_id)?.display_id ?? null,
          contact: contacts.get(a.order_id)?.contact ?? null,
          actions: actionsOf(a),
        }))
        .filter((a: any) => a.status !== "expired"),
    })),
  }
}

/**
 * Who to call about a booking: the name and mobile the customer gave at checkout (the order's address), and
 * the order number they will quote. A shop needs them for a late arrival or an at-home visit; the calendar
 * only ever lists the shop's own appointments, so nothing of another shop's customers is read here.
 */
async function orderContacts(container: MedusaContainer, orderIds: (string | null)[]) {
  const ids = [...new Set(orderIds.filter((id): id is string => !!id))]
  const out = new Map<string, { display_id: number; contact: { name: string | null; phone: string | null } | null }>()
  if (!ids.length) return out
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "shipping_address.first_name", "shipping_address.last_name", "shipping_address.phone"],
    filters: { id: ids },
  })
  for (const o of data as any[]) {
    const a = o.shipping_address
    const name = a ? [a.last_name, a.first_name].filter(Boolean).join("") || null : null
    out.set(o.id, { display_id: o.display_id, contact: a ? { name, phone: a.phone ?? null } : null })
  }
  return out
}
