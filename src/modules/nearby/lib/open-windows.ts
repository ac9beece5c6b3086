import { openIntervals, validateBusinessHours } from "../../merchant/utils"

const DAY = 24 * 3600 * 1000

/** Opening intervals from a day before `at` to eight days after, as ISO strings. */
export function openWindows(hours: unknown, timezone: string | null | undefined, at = new Date()) {
  const parsed = validateBusinessHours({ ...((hours as object) ?? { weekly: {} }), timezone: timezone ?? "Asia/Shanghai" })
  if (!parsed.ok) return []
  return openIntervals(parsed.value, new Date(at.getTime() - DAY), new Date(at.getTime() + 8 * DAY)).map((i) => ({
    start: i.start.toISOString(),
    end: i.end.toISOString(),
  }))
}

/**
 * Fifteen-minute buckets (epoch / 900 s) lying wholly inside the intervals, for engines without range
 * types. Only whole buckets count, so a shop is never shown open while it is closed; at worst it shows
 * as closed for up to 15 minutes after an opening time that is not on the quarter hour.
 */
export function openBuckets(intervals: { start: string; end: string }[]): number[] {
  const out: number[] = []
  for (const i of intervals) {
    const from = Math.ceil(Date.parse(i.start) / 900000)
    const to = Math.floor(Date.parse(i.end) / 900000)
    for (let b = from; b < to; b++) out.push(b)
  }
  return out
}

export const bucketOf = (d: Date) => Math.floor(d.getTime() / 900000)
