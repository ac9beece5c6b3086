import { cache } from "react"
import { api, errorStatus } from "./medusa"
import { getMerchantToken } from "./session"

/*
 * 商家中心: what a shop clerk reads, always through the backend's /vendor API with the clerk's own token.
 * The backend scopes every answer to the clerk's shop; the pages never pass a shop id themselves.
 */

export type Vendor = { member: { id: string; email: string; name?: string | null; role: "owner" | "staff" }; merchant: any }

/** The signed-in clerk and shop, or null when signed out or the token is no longer good. */
export const getVendor = cache(async (): Promise<Vendor | null> => {
  const token = await getMerchantToken()
  if (!token) return null
  try {
    return await api<Vendor>("/vendor/me", { token })
  } catch (e) {
    if (errorStatus(e) === 401 || errorStatus(e) === 403) return null
    throw e
  }
})

export type CalendarAppointment = {
  id: string
  status: string
  start_at: string
  end_at: string
  party_size: number
  offering_name: string | null
  order_id: string | null
  order_display_id: number | null
  contact: { name: string | null; phone: string | null } | null
  /** What the order lifecycle lets the shop do with it now: redeem, no_show, complete. */
  actions?: string[]
  address?: { address_1?: string; city?: string } | null
}
export type CalendarDay = {
  merchant: { id: string; name: string; timezone: string }
  date: string
  resources: { id: string; name: string; kind: string; capacity: number; is_active: boolean; closures: any[]; appointments: CalendarAppointment[] }[]
}

/** The shop's day per resource (the shop's own date when `date` is absent). */
export async function getCalendar(date?: string): Promise<CalendarDay> {
  const { calendar } = await api<{ calendar: CalendarDay }>("/vendor/booking/calendar", { token: await getMerchantToken(), query: { date } })
  return calendar
}

export const ORDER_STATUSES = ["new", "accepted", "ready", "completed", "rejected", "cancelled"] as const

export async function getVendorOrders(status?: string, offset = 0): Promise<{ orders: any[]; count: number; limit: number; offset: number }> {
  return api("/vendor/orders", { token: await getMerchantToken(), query: { status, offset, limit: 20 } })
}
