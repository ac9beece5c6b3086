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

export const ORDER_STATUSES = ["new", "accepted", "ready", "completed", "rejected"] as const

export async function getVendorOrders(status?: string, offset = 0): Promise<{ orders: any[]; count: number; limit: number; offset: number }> {
  return api("/vendor/orders", { token: await getMerchantToken(), query: { status, offset, limit: 20 } })
}

/** YYYY-MM-DD plus `days`, on the calendar alone (no clock, so no time-zone drift). */
export function addDays(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * A wall-clock time on a shop's date as an ISO instant with the zone's offset that day (taken at noon,
 * which no daylight-saving change crosses), e.g. 2026-12-04 + 14:00 in Asia/Shanghai → 2026-12-04T14:00:00+08:00.
 */
export function zonedIso(date: string, hhmm: string, tz: string) {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
      .formatToParts(new Date(`${date}T12:00:00Z`))
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT"
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name)
  return `${date}T${hhmm}:00${m ? `${m[1]}:${m[2] ?? "00"}` : "+00:00"}`
}
