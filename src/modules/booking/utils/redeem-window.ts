/**
 * The 核销 window of one appointment: from `redeem_before_minutes` before the slot starts to
 * `redeem_grace_minutes` after it ends. A code shown at the counter outside it is most likely a mistake
 * (the wrong day, a customer who never came) and must not silently turn into a served booking.
 */
import { localDate } from "./slots"

const MIN = 60_000

export const DEFAULT_REDEEM_BEFORE_MINUTES = 30
export const DEFAULT_REDEEM_GRACE_MINUTES = 60

export type RedeemWindowAppointment = { start_at: Date | string; end_at: Date | string }
export type RedeemWindowOffering = { redeem_before_minutes?: number | null; redeem_grace_minutes?: number | null } | null | undefined

export type RedeemWindow = {
  opens_at: Date
  closes_at: Date
  /** Where `now` lies: before the window, inside it, or after it. */
  state: "early" | "open" | "late"
}

const ms = (v: Date | string) => (v instanceof Date ? v.getTime() : Date.parse(v))

/** Offerings written before the window existed (or deleted since) fall back to the defaults. */
function minutesOr(v: number | null | undefined, fallback: number) {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback
}

export function redeemWindow(appt: RedeemWindowAppointment, offering: RedeemWindowOffering, now = Date.now()): RedeemWindow {
  const opens = ms(appt.start_at) - minutesOr(offering?.redeem_before_minutes, DEFAULT_REDEEM_BEFORE_MINUTES) * MIN
  const closes = ms(appt.end_at) + minutesOr(offering?.redeem_grace_minutes, DEFAULT_REDEEM_GRACE_MINUTES) * MIN
  // Half-open like every other interval in bookings: the grace's last minute is its end, exclusive.
  const state = now < opens ? "early" : now >= closes ? "late" : "open"
  return { opens_at: new Date(opens), closes_at: new Date(closes), state }
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>()
const dateFormatters = new Map<string, Intl.DateTimeFormat>()

function clock(t: number, timeZone: string) {
  let f = clockFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    clockFormatters.set(timeZone, f)
  }
  return f.format(new Date(t))
}

function monthDay(t: number, timeZone: string): [number, number] {
  let f = dateFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, month: "numeric", day: "numeric" })
    dateFormatters.set(timeZone, f)
  }
  const parts = f.formatToParts(new Date(t))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return [get("month"), get("day")]
}

/**
 * A wall-clock time in the shop's zone, with the date only when it is not the same local day as `ref`:
 * "14:30" for today, "12月5日 14:30" / "12-05 14:30" otherwise, so a code brought on the wrong day says so.
 */
function label(t: number, ref: number, timeZone: string): { zh: string; en: string } {
  const hm = clock(t, timeZone)
  if (localDate(t, timeZone) === localDate(ref, timeZone)) return { zh: hm, en: hm }
  const [m, d] = monthDay(t, timeZone)
  return { zh: `${m}月${d}日 ${hm}`, en: `${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")} ${hm}` }
}

/**
 * The refusal text for a redemption outside the window, in the shop's local time; null inside it.
 * The English part starts with the rule's code (redeem_too_early / redeem_too_late) so that clients
 * can offer "redeem anyway" without parsing the Chinese.
 */
export function redeemWindowRefusal(
  appt: RedeemWindowAppointment,
  window: RedeemWindow,
  timeZone: string,
  now = Date.now()
): string | null {
  if (window.state === "open") return null
  const start = ms(appt.start_at)
  const slotZh = `${label(start, now, timeZone).zh}–${label(ms(appt.end_at), start, timeZone).zh}`
  const slotEn = `${label(start, now, timeZone).en}–${label(ms(appt.end_at), start, timeZone).en}`
  if (window.state === "early") {
    const opens = label(window.opens_at.getTime(), now, timeZone)
    return `核销时间未到：可于 ${opens.zh} 起核销（预约 ${slotZh}） (redeem_too_early: too early to redeem, allowed from ${opens.en}; booked ${slotEn})`
  }
  const closes = label(window.closes_at.getTime(), now, timeZone)
  return `已超过核销时间（预约 ${slotZh}，宽限至 ${closes.zh}） (redeem_too_late: too late to redeem, the grace ended at ${closes.en}; booked ${slotEn})`
}

