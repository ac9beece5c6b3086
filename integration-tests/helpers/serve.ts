import type { AxiosInstance } from "axios"
import { bearer } from "./merchant"

/*
 * Serving an order the way the shop does it now (issue 13): a service sold without a booking carries
 * vouchers (团购券) and completes by itself once the shop has redeemed every one of them; a booked visit
 * can only be redeemed and completed around its slot, which lies days ahead in a test, so the test
 * moves the slot to the present instead of waiting for the clock.
 */

const booking = (container: any) => container.resolve("booking") as any

/**
 * The 12-digit codes of an order's unused vouchers, oldest unit first. Read from the booking module: the
 * shop's API never shows codes (the customer shows them at the counter; a customer-side test can read
 * them from GET /store/customers/me/vouchers instead).
 */
export async function unusedVoucherCodes(container: any, orderId: string): Promise<string[]> {
  const rows = (await booking(container).listBookingVouchers(
    { order_id: orderId, status: "unused" },
    { order: { created_at: "ASC", id: "ASC" } }
  )) as any[]
  return rows.map((v) => v.code as string)
}

/**
 * Serves a voucher order at the counter: every unused voucher of the order is redeemed (核销) through the
 * real POST /vendor/booking/check-in with the shop's login, which completes the order when the last one
 * goes (payment captured, Medusa's order completed, points earned by their subscriber). Returns the
 * redeemed vouchers as the route answered them. Fails loudly when the order has no unused voucher (a
 * goods order is handed over with /vendor/orders/:id/complete, a booking by its appointment) or a
 * 核销 is refused, so a test cannot believe it served an order it did not.
 */
export async function serveByVouchers(api: AxiosInstance, container: any, orderId: string, shopToken: string) {
  const codes = await unusedVoucherCodes(container, orderId)
  if (!codes.length) throw new Error(`order ${orderId} has no unused voucher to redeem`)
  const redeemed: any[] = []
  for (const code of codes) {
    const res = await api.post("/vendor/booking/check-in", { code }, bearer(shopToken)).catch((e) => e.response)
    if (res?.status !== 200 || res.data?.voucher?.status !== "redeemed") {
      throw new Error(`核销 of a voucher of order ${orderId} failed: ${res?.status} ${JSON.stringify(res?.data)}`)
    }
    redeemed.push(res.data.voucher)
  }
  return redeemed
}

/** Moves an appointment to begin at `start`, keeping its length and buffers (its seats move with it). */
export async function shiftAppointment(container: any, appointmentId: string, start: Date) {
  const [row] = await booking(container).listBookingAppointments({ id: appointmentId })
  if (!row) throw new Error(`appointment ${appointmentId} not found`)
  const d = start.getTime() - new Date(row.start_at).getTime()
  const plus = (v: Date | string) => new Date(new Date(v).getTime() + d)
  const [moved] = await booking(container).updateBookingAppointments([
    {
      id: row.id,
      start_at: plus(row.start_at),
      end_at: plus(row.end_at),
      occupied_from: plus(row.occupied_from),
      occupied_to: plus(row.occupied_to),
    },
  ])
  return moved
}

/**
 * An appointment that began `minutes` ago (default 5): inside its 核销 window, and 完成服务 is allowed.
 * The customer "turns up" now rather than on the booked day.
 */
export function startedAgo(container: any, appointmentId: string, minutes = 5) {
  return shiftAppointment(container, appointmentId, new Date(Date.now() - minutes * 60_000))
}
