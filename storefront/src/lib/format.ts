export const SHOP_TZ = "Asia/Shanghai"

const intlLocale = (locale: string) => (locale === "en" ? "en-GB" : "zh-CN")

/** Medusa v2 amounts are in the currency's main unit (yuan), tax included for the 中国 region. */
export function money(amount: number | null | undefined, locale: string, currency = "cny") {
  if (amount === null || amount === undefined) return "—"
  return new Intl.NumberFormat(intlLocale(locale), {
    style: "currency",
    currency: currency.toUpperCase(),
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(amount)
}

export function distance(m: number | null | undefined, locale: string) {
  if (m === null || m === undefined || !Number.isFinite(m)) return ""
  if (m < 1000) return locale === "en" ? `${Math.round(m)} m` : `${Math.round(m)}米`
  const km = m / 1000
  const v = km < 10 ? km.toFixed(1) : Math.round(km).toString()
  return locale === "en" ? `${v} km` : `${v}公里`
}

/** Times are always shown in the shop's zone, whatever the visitor's device says. */
export function time(iso: string | Date, locale: string, tz = SHOP_TZ) {
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: tz }).format(new Date(iso))
}

export function dateTime(iso: string | Date, locale: string, tz = SHOP_TZ) {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    year: "numeric",
    month: "short",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: tz,
  }).format(new Date(iso))
}

export function dayLabel(isoDate: string, locale: string) {
  // Noon UTC of that date is the same calendar day in every zone from UTC-11 to UTC+11.
  const d = new Date(`${isoDate}T12:00:00Z`)
  return new Intl.DateTimeFormat(intlLocale(locale), { month: "numeric", day: "numeric", weekday: "short", timeZone: "UTC" }).format(d)
}

/** YYYY-MM-DD of an instant in a zone. */
export function localDate(at: Date, tz = SHOP_TZ) {
  const parts = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: tz }).formatToParts(at)
  const get = (t: string) => parts.find((p) => p.type === t)!.value
  return `${get("year")}-${get("month")}-${get("day")}`
}

export function addDays(isoDate: string, n: number) {
  const d = new Date(`${isoDate}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
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
