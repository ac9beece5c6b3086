/**
 * Slot arithmetic for bookings, in epoch milliseconds and half-open intervals [start, end).
 *
 * Available time for a resource = merchant hours ∩ resource hours − closures (shop-wide and the
 * resource's own). A slot start lies on the offering's grid, counted from local midnight in the
 * merchant's time zone, and the service itself [start, start + duration) must fit in available time;
 * the buffers only widen what the booking occupies for capacity, so a cleaner's travel time after the
 * last job may run past closing.
 *
 * Capacity is never decided here for writes: the service re-checks it under a row lock. These
 * functions answer "which slots to show" and "which rule does this request break".
 */
import { openIntervals, type BusinessHours } from "../../merchant/utils/business-hours"

export type Iv = [number, number]
const MIN = 60_000
const DAY = 86_400_000

export type SlotOffering = {
  duration_minutes: number
  buffer_before_minutes: number
  buffer_after_minutes: number
  slot_step_minutes: number
  min_notice_minutes: number
  horizon_days: number
}
export type SlotResource = { id: string; capacity: number; hours?: unknown | null }
export type SlotClosure = { resource_id: string | null; starts_at: Date | string; ends_at: Date | string }
export type SlotUsage = { resource_id: string; occupied_from: Date | string; occupied_to: Date | string; seats: number }

export type SlotRule =
  | "invalid_time"
  | "slot_in_past"
  | "before_min_notice"
  | "beyond_horizon"
  | "slot_off_grid"
  | "outside_hours"
  | "closed"

const localDateFormatters = new Map<string, Intl.DateTimeFormat>()

/** The merchant-local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(ms: number, timeZone: string): string {
  let f = localDateFormatters.get(timeZone)
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    localDateFormatters.set(timeZone, f)
  }
  return f.format(new Date(ms))
}

export function isIsoDate(s: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)
}

/**
 * Local midnight to next local midnight of a date. Reuses the merchant hours evaluator (an all-day
 * exception on that date) so DST and odd offsets are resolved exactly like opening hours are.
 */
export function dayBounds(date: string, timeZone: string): Iv {
  const utc = Date.parse(`${date}T00:00:00Z`)
  const hours: BusinessHours = {
    timezone: timeZone,
    weekly: {},
    exceptions: [{ date, ranges: [{ open: "00:00", close: "24:00" }] }],
  }
  const [iv] = openIntervals(hours, new Date(utc - 2 * DAY), new Date(utc + 3 * DAY))
  return [iv.start.getTime(), iv.end.getTime()]
}

export function toMs(v: Date | string) {
  return v instanceof Date ? v.getTime() : Date.parse(v)
}

export function intersect(a: Iv[], b: Iv[]): Iv[] {
  const out: Iv[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i][0], b[j][0])
    const e = Math.min(a[i][1], b[j][1])
    if (s < e) out.push([s, e])
    if (a[i][1] < b[j][1]) i++
    else j++
  }
  return out
}

export function subtract(a: Iv[], cuts: Iv[]): Iv[] {
  let out = a
  for (const [cs, ce] of cuts) {
    const next: Iv[] = []
    for (const [s, e] of out) {
      if (ce <= s || cs >= e) next.push([s, e])
      else {
        if (s < cs) next.push([s, cs])
        if (ce < e) next.push([ce, e])
      }
    }
    out = next
  }
  return out
}

function hoursIntervals(hours: unknown, timeZone: string, from: number, to: number): Iv[] {
  const h = { ...(hours as object), timezone: timeZone } as BusinessHours
  return openIntervals(h, new Date(from), new Date(to)).map((iv) => [iv.start.getTime(), iv.end.getTime()])
}

/**
 * The most seats in use at any instant of [from, to). Usage only changes where a booking starts, so
 * it is enough to look at `from` and at every start inside the window.
 */
export function peakUsage(usages: Array<{ f: number; t: number; seats: number }>, from: number, to: number): number {
  const inside = usages.filter((u) => u.f < to && u.t > from)
  let peak = 0
  const points = [from, ...inside.map((u) => u.f).filter((p) => p > from && p < to)]
  for (const p of points) {
    let used = 0
    for (const u of inside) if (u.f <= p && u.t > p) used += u.seats
    if (used > peak) peak = used
  }
  return peak
}

export type SlotContext = {
  timeZone: string
  merchantHours: unknown
  offering: SlotOffering
  resources: SlotResource[]
  closures: SlotClosure[]
  usages: SlotUsage[]
  now: number
}

/** Available (not yet capacity-checked) time per resource over a window. */
function availableByResource(ctx: SlotContext, from: number, to: number) {
  const shop = hoursIntervals(ctx.merchantHours, ctx.timeZone, from, to)
  const closuresOf = (rid: string | null) =>
    ctx.closures
      .filter((c) => c.resource_id === null || c.resource_id === rid)
      .map((c) => [toMs(c.starts_at), toMs(c.ends_at)] as Iv)
  const byResource = new Map<string, { open: Iv[]; free: Iv[] }>()
  for (const r of ctx.resources) {
    const open = r.hours ? intersect(shop, hoursIntervals(r.hours, ctx.timeZone, from, to)) : shop
    byResource.set(r.id, { open, free: subtract(open, closuresOf(r.id)) })
  }
  return byResource
}

const fits = (ivs: Iv[], s: number, e: number) => ivs.some(([a, b]) => a <= s && e <= b)

/** Which timing rule a requested start breaks, if any (capacity aside). */
export function checkSlot(ctx: SlotContext, start: number): { rule: SlotRule; resources?: undefined } | { rule: null; resources: string[] } {
  const o = ctx.offering
  if (!Number.isFinite(start)) return { rule: "invalid_time" }
  if (start <= ctx.now) return { rule: "slot_in_past" }
  if (start < ctx.now + o.min_notice_minutes * MIN) return { rule: "before_min_notice" }
  const day = localDate(start, ctx.timeZone)
  if (day > addDays(localDate(ctx.now, ctx.timeZone), o.horizon_days)) return { rule: "beyond_horizon" }
  const [dayStart] = dayBounds(day, ctx.timeZone)
  if ((start - dayStart) % (o.slot_step_minutes * MIN) !== 0) return { rule: "slot_off_grid" }
  const end = start + o.duration_minutes * MIN
  const avail = availableByResource(ctx, start - DAY, end + DAY)
  const open = ctx.resources.filter((r) => fits(avail.get(r.id)!.open, start, end))
  if (!open.length) return { rule: "outside_hours" }
  const free = open.filter((r) => fits(avail.get(r.id)!.free, start, end))
  if (!free.length) return { rule: "closed" }
  return { rule: null, resources: free.map((r) => r.id) }
}

export type Slot = {
  start_at: string
  end_at: string
  remaining: number
  resources: Array<{ id: string; remaining: number }>
}

/** Bookable slots of the given local dates, with remaining seats per resource. */
export function computeSlots(ctx: SlotContext, dates: string[], partySize = 1): Slot[] {
  if (!dates.length) return []
  const o = ctx.offering
  const step = o.slot_step_minutes * MIN
  const dur = o.duration_minutes * MIN
  const before = o.buffer_before_minutes * MIN
  const after = o.buffer_after_minutes * MIN
  const bounds = dates.map((d) => dayBounds(d, ctx.timeZone))
  const windowFrom = bounds[0][0]
  const windowTo = bounds[bounds.length - 1][1] + dur
  const avail = availableByResource(ctx, windowFrom, windowTo)
  const usageBy = new Map<string, Array<{ f: number; t: number; seats: number }>>()
  for (const u of ctx.usages) {
    const list = usageBy.get(u.resource_id) ?? []
    list.push({ f: toMs(u.occupied_from), t: toMs(u.occupied_to), seats: u.seats })
    usageBy.set(u.resource_id, list)
  }
  const earliest = ctx.now + o.min_notice_minutes * MIN
  const lastDay = addDays(localDate(ctx.now, ctx.timeZone), o.horizon_days)
  const out: Slot[] = []
  dates.forEach((date, i) => {
    if (date > lastDay) return
    const [dayStart, dayEnd] = bounds[i]
    for (let s = dayStart; s < dayEnd; s += step) {
      if (s < earliest || s <= ctx.now) continue
      const e = s + dur
      const rs: Array<{ id: string; remaining: number }> = []
      for (const r of ctx.resources) {
        if (!fits(avail.get(r.id)!.free, s, e)) continue
        const remaining = r.capacity - peakUsage(usageBy.get(r.id) ?? [], s - before, e + after)
        if (remaining >= partySize) rs.push({ id: r.id, remaining })
      }
      if (rs.length) {
        out.push({
          start_at: new Date(s).toISOString(),
          end_at: new Date(e).toISOString(),
          remaining: rs.reduce((n, r) => n + r.remaining, 0),
          resources: rs,
        })
      }
    }
  })
  return out
}

/** Plain-language names of the rules, for error messages (zh first, en second). */
export const RULE_MESSAGES: Record<SlotRule | "full" | "party_size" | "outside_radius" | "offering_merchant", [string, string]> = {
  invalid_time: ["时间格式无效", "start_at is not a valid time"],
  slot_in_past: ["不能预约已经过去的时间", "the slot is in the past"],
  before_min_notice: ["距开始时间太近，需提前预约", "the slot is sooner than the offering's minimum notice"],
  beyond_horizon: ["超出可预约的最远日期", "the slot is beyond the furthest bookable day"],
  slot_off_grid: ["开始时间不在可选时段上", "the slot start is not on the offering's slot grid"],
  outside_hours: ["该时段不在营业时间内", "the slot is outside business hours"],
  closed: ["该时段商家休息或资源不可用", "the shop or resource is closed at that time"],
  full: ["该时段已约满", "the slot is fully booked"],
  party_size: ["人数超出限制", "party size is outside the offering's limits"],
  outside_radius: ["上门地址超出服务范围", "the address is outside the service radius"],
  offering_merchant: ["服务项目不属于该商家", "the offering belongs to another merchant"],
}
