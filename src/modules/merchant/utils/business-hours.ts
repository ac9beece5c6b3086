/**
 * Merchant opening hours: validation and evaluation against real instants.
 *
 * Data model
 * ----------
 * - Times are local wall-clock "HH:MM" in the merchant's IANA timezone
 *   (default Asia/Shanghai). Single-digit hours ("9:00") are accepted and
 *   normalised to "09:00" because merchants type them that way all the time.
 * - `close` < `open` means the range runs past midnight (22:00–02:00).
 *   `close` "24:00" means end of day. `open` == `close` is rejected as
 *   ambiguous (closed? 24 h?); use 00:00–24:00 for all day.
 * - A range belongs to the day it opens on: Friday 22:00–02:00 keeps the shop
 *   open until Saturday 02:00 local.
 * - Touching ranges (22:00–24:00 then next day 00:00–02:00, or 09:00–12:00 and
 *   12:00–14:00) are legal and evaluated as one continuous interval.
 *
 * Exceptions (节假日/特殊营业时间)
 * ---------------------------------
 * An exception dated D replaces the ranges that *open on* D, including their
 * spill past midnight into D+1. It does not touch ranges that opened on D-1:
 * with Friday 22:00–02:00 and a `closed: true` exception on Saturday, the shop
 * is still open Saturday 01:00 (the Friday night shift is honoured), and is
 * closed for the rest of Saturday, including what would have been Saturday
 * night's spill into Sunday. Rationale: a shift that has already started is
 * the previous day's business, and this is how merchants read their own
 * hours ("Friday night we are open till 2").
 *
 * Validation reports overlaps between weekly ranges, including an overnight
 * range spilling into the next day's early range and Sunday spilling into
 * Monday. Exception ranges are only checked against each other: an exception
 * that overlaps the previous night's spill is merged (union), because
 * merchants enter a holiday's hours without thinking about last night.
 *
 * Timezones and DST
 * -----------------
 * Local wall times are converted with Intl only (no tz database dependency).
 * For zones with DST, wall times are resolved like Temporal's "compatible"
 * disambiguation: a wall time that does not exist (spring-forward gap, e.g.
 * 02:30 on 2026-03-08 in America/New_York) is moved forward by the gap length
 * (→ 03:30 EDT); a wall time that occurs twice (fall-back) resolves to the
 * earlier instant. A range that collapses to zero length (02:00–03:00 on the
 * spring-forward day) yields no interval.
 */
import {
  MerchantValidationException,
  MultiFieldResult,
  ValidationError,
  describeValue,
  validationError,
} from "./errors"

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** Chinese display names, e.g. for error messages and the storefront. */
export const WEEKDAY_NAMES_ZH: Record<Weekday, string> = {
  mon: "周一",
  tue: "周二",
  wed: "周三",
  thu: "周四",
  fri: "周五",
  sat: "周六",
  sun: "周日",
}

export type TimeRange = { open: string; close: string }
export type WeeklyHours = Partial<Record<Weekday, TimeRange[]>>
export type HoursException = { date: string; closed?: boolean; ranges?: TimeRange[]; note?: string }
export type BusinessHours = { timezone?: string; weekly: WeeklyHours; exceptions?: HoursException[] }
export type OpenInterval = { start: Date; end: Date }

export const DEFAULT_TIMEZONE = "Asia/Shanghai"
export const MAX_RANGES_PER_DAY = 6
export const MAX_EXCEPTIONS = 366
export const MAX_NOTE_LENGTH = 200
/** Guard for openIntervals so a bad query cannot make us iterate for ever. */
export const MAX_WINDOW_DAYS = 400

const MINUTES_PER_DAY = 1440
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
const MS_PER_MINUTE = 60_000
const MS_PER_DAY = 86_400_000

export type BusinessHoursValidation = MultiFieldResult<{ value: BusinessHours }>

// ---------------------------------------------------------------------------
// Parsing helpers
// ---------------------------------------------------------------------------

/** Minutes since local midnight, 0..1440 (1440 only for "24:00"), or null. */
function parseTime(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value)
  if (!m) return null
  const h = Number(m[1])
  const min = Number(m[2])
  if (h === 24 && min === 0) return MINUTES_PER_DAY
  if (h > 23 || min > 59) return null
  return h * 60 + min
}

function formatTime(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`
}

/** A range as minute offsets from the start of the day it opens on; end may exceed 1440. */
type ParsedRange = { start: number; end: number; open: string; close: string }

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** Days since 1970-01-01 for a civil date, or null if it is not a real calendar date. */
function parseIsoDate(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  const ms = Date.UTC(y, mo - 1, d)
  const check = new Date(ms)
  // Date.UTC silently rolls 02-30 over to 03-02; a round trip catches that.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null
  return ms / MS_PER_DAY
}

function dayKey(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10)
}

/** Monday-based weekday index (mon = 0) of a civil day number. */
function weekdayIndex(dayNumber: number): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((dayNumber + 3) % 7) + 7) % 7
}

// ---------------------------------------------------------------------------
// Timezone helpers (Intl only)
// ---------------------------------------------------------------------------

const formatterCache = new Map<string, Intl.DateTimeFormat>()
const canonicalCache = new Map<string, string | null>()

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23 avoids the "24:05" midnight rendering some ICU versions produce with hour12: false.
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
    formatterCache.set(timeZone, f)
  }
  return f
}

/** Canonical IANA name (e.g. "asia/shanghai" → "Asia/Shanghai"), or null if unknown. */
export function canonicalTimeZone(timeZone: string): string | null {
  // Intl also accepts raw offsets such as "+08:00"; they carry no DST rules and are not IANA names.
  if (!/^[A-Za-z]/.test(timeZone)) return null
  // Cached because the evaluators re-validate on every call and building a formatter is the slow part.
  const cached = canonicalCache.get(timeZone)
  if (cached !== undefined) return cached
  let canonical: string | null
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone
  } catch {
    canonical = null
  }
  if (canonicalCache.size < 1000) canonicalCache.set(timeZone, canonical)
  return canonical
}

/** The instant's local wall clock, encoded as if it were a UTC epoch (ms, whole seconds). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const parts = wallClockFormatter(timeZone).formatToParts(new Date(instantMs))
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"))
}

/** UTC offset (ms) in effect at an instant. */
function offsetAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000
  return wallClockMs(whole, timeZone) - whole
}

function localDayNumber(instantMs: number, timeZone: string): number {
  return Math.floor(wallClockMs(instantMs, timeZone) / MS_PER_DAY)
}

/**
 * Instant for a local wall time given as day number + minutes (minutes may
 * exceed 1440 to express "next day"). See the module comment for DST rules.
 */
function wallTimeToInstant(dayNumber: number, minutes: number, timeZone: string): number {
  const wall = dayNumber * MS_PER_DAY + minutes * MS_PER_MINUTE
  // Real offsets are within ±14 h, so the offsets a day either side bracket any
  // single transition affecting this wall time.
  const before = offsetAt(wall - MS_PER_DAY, timeZone)
  const after = offsetAt(wall + MS_PER_DAY, timeZone)
  const candidates = [wall - before, wall - after].filter((t) => t + offsetAt(t, timeZone) === wall)
  if (candidates.length > 0) return Math.min(...candidates)
  // Skipped wall time: keep the pre-transition offset, which lands after the gap.
  return wall - before
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

type RangeRef = { path: string; range: ParsedRange; order: number }

function validateRanges(
  raw: unknown,
  path: string,
  label: { zh: string; en: string },
  errors: ValidationError[]
): ParsedRange[] | null {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) {
    errors.push(
      validationError(
        path,
        "invalid_type",
        `${label.zh}的营业时间必须是时间段数组，当前为 ${describeValue(raw)}`,
        `${label.en} hours must be an array of time ranges, got ${describeValue(raw)}`
      )
    )
    return null
  }
  if (raw.length > MAX_RANGES_PER_DAY) {
    errors.push(
      validationError(
        path,
        "too_many_ranges",
        `${label.zh}最多设置 ${MAX_RANGES_PER_DAY} 个营业时间段，当前为 ${raw.length} 个`,
        `${label.en} allows at most ${MAX_RANGES_PER_DAY} time ranges, got ${raw.length}`
      )
    )
  }
  const parsed: ParsedRange[] = []
  let allValid = true
  raw.forEach((item, i) => {
    const r = validateRange(item, `${path}[${i}]`, errors)
    if (r) parsed.push(r)
    else allValid = false
  })
  return allValid ? parsed : null
}

function validateRange(raw: unknown, path: string, errors: ValidationError[]): ParsedRange | null {
  if (!isPlainObject(raw)) {
    errors.push(
      validationError(
        path,
        "invalid_type",
        `营业时间段必须是 { open, close } 对象，当前为 ${describeValue(raw)}`,
        `A time range must be an object { open, close }, got ${describeValue(raw)}`
      )
    )
    return null
  }
  let ok = true
  for (const key of Object.keys(raw)) {
    if (key !== "open" && key !== "close") {
      errors.push(
        validationError(
          `${path}.${key}`,
          "unknown_field",
          `营业时间段不支持字段 ${key}（只允许 open、close）`,
          `Unknown time range field ${key} (only open and close are allowed)`
        )
      )
      ok = false
    }
  }
  const times: Record<"open" | "close", number | null> = { open: null, close: null }
  for (const key of ["open", "close"] as const) {
    const value = raw[key]
    const zh = key === "open" ? "开门时间" : "关门时间"
    const en = key === "open" ? "Opening time" : "Closing time"
    if (typeof value !== "string") {
      errors.push(
        validationError(
          `${path}.${key}`,
          value === undefined ? "required" : "invalid_type",
          `请填写${zh}（格式 HH:MM，例如 09:00）`,
          `${en} is required in HH:MM format, e.g. 09:00`
        )
      )
      ok = false
      continue
    }
    const minutes = parseTime(value.trim())
    if (minutes === null) {
      errors.push(
        validationError(
          `${path}.${key}`,
          "invalid_time",
          `${zh} ${JSON.stringify(value)} 无效，应为 00:00–23:59 的 HH:MM 格式`,
          `${en} ${JSON.stringify(value)} is invalid; expected HH:MM between 00:00 and 23:59`
        )
      )
      ok = false
    } else if (key === "open" && minutes === MINUTES_PER_DAY) {
      errors.push(
        validationError(
          `${path}.open`,
          "invalid_time",
          "24:00 只能作为关门时间使用；全天营业请填写 00:00–24:00",
          "24:00 is only allowed as a closing time; use 00:00–24:00 for all day"
        )
      )
      ok = false
    } else {
      times[key] = minutes
    }
  }
  if (!ok || times.open === null || times.close === null) return null
  const open = times.open
  const close = times.close
  if (open === close) {
    errors.push(
      validationError(
        path,
        "invalid_range",
        `开门时间与关门时间相同（${formatTime(open)}），含义不明确；全天营业请填写 00:00–24:00`,
        `Opening and closing time are both ${formatTime(open)}, which is ambiguous; use 00:00–24:00 for all day`
      )
    )
    return null
  }
  // close < open is an overnight range ending on the next calendar day.
  const end = close > open ? close : close + MINUTES_PER_DAY
  return { start: open, end, open: formatTime(open), close: formatTime(close) }
}

function overlapError(later: RangeRef, earlier: RangeRef): ValidationError {
  const a = `${later.range.open}–${later.range.close}`
  const b = `${earlier.range.open}–${earlier.range.close}`
  return validationError(
    later.path,
    "overlap",
    `营业时间段 ${a} 与 ${earlier.path}（${b}）重叠`,
    `Time range ${a} overlaps ${earlier.path} (${b})`
  )
}

/**
 * Report each overlapping pair once, on the range that starts later in time
 * (ties: later in input order). `period` is the wrap-around length: one week
 * for the weekly schedule so Sunday night can collide with Monday morning; 0
 * for a single exception date.
 */
function findOverlaps(refs: RangeRef[], period: number, errors: ValidationError[]): void {
  const shifts = period > 0 ? [-period, 0, period] : [0]
  for (let i = 0; i < refs.length; i++) {
    for (let j = i + 1; j < refs.length; j++) {
      const a = refs[i]
      const b = refs[j]
      for (const shift of shifts) {
        const bStart = b.range.start + shift
        const bEnd = b.range.end + shift
        if (a.range.start < bEnd && bStart < a.range.end) {
          const bLater = bStart > a.range.start || (bStart === a.range.start && b.order > a.order)
          errors.push(bLater ? overlapError(b, a) : overlapError(a, b))
          break
        }
      }
    }
  }
}

/**
 * Validate untrusted business-hours input (e.g. a request body). Returns a
 * normalised copy: canonical timezone filled in, times zero-padded, ranges and
 * exceptions sorted. All problems are reported, not just the first.
 */
export function validateBusinessHours(input: unknown, field = "business_hours"): BusinessHoursValidation {
  const errors: ValidationError[] = []
  if (!isPlainObject(input)) {
    return {
      ok: false,
      errors: [
        validationError(
          field,
          "invalid_type",
          `营业时间必须是对象，当前为 ${describeValue(input)}`,
          `Business hours must be an object, got ${describeValue(input)}`
        ),
      ],
    }
  }

  for (const key of Object.keys(input)) {
    if (key !== "timezone" && key !== "weekly" && key !== "exceptions") {
      errors.push(
        validationError(
          `${field}.${key}`,
          "unknown_field",
          `营业时间不支持字段 ${key}（允许 timezone、weekly、exceptions）`,
          `Unknown business hours field ${key} (allowed: timezone, weekly, exceptions)`
        )
      )
    }
  }

  let timezone = DEFAULT_TIMEZONE
  if (input.timezone !== undefined && input.timezone !== null) {
    const tz = typeof input.timezone === "string" ? canonicalTimeZone(input.timezone.trim()) : null
    if (tz === null) {
      errors.push(
        validationError(
          `${field}.timezone`,
          "invalid_timezone",
          `时区 ${describeValue(input.timezone)} 无效，请使用 IANA 时区名称，例如 Asia/Shanghai`,
          `Time zone ${describeValue(input.timezone)} is invalid; use an IANA name such as Asia/Shanghai`
        )
      )
    } else {
      timezone = tz
    }
  }

  const weekly: WeeklyHours = {}
  const weeklyRaw = input.weekly
  if (!isPlainObject(weeklyRaw)) {
    errors.push(
      validationError(
        `${field}.weekly`,
        weeklyRaw === undefined ? "required" : "invalid_type",
        "请填写每周营业时间 weekly（例如 { mon: [{ open: \"09:00\", close: \"21:00\" }] }）",
        'Weekly hours are required as an object, e.g. { mon: [{ open: "09:00", close: "21:00" }] }'
      )
    )
  } else {
    for (const key of Object.keys(weeklyRaw)) {
      if (!(WEEKDAYS as readonly string[]).includes(key)) {
        errors.push(
          validationError(
            `${field}.weekly.${key}`,
            "unknown_weekday",
            `未知的星期 ${key}，应为 ${WEEKDAYS.join("、")} 之一`,
            `Unknown weekday ${key}; expected one of ${WEEKDAYS.join(", ")}`
          )
        )
      }
    }
    const refs: RangeRef[] = []
    WEEKDAYS.forEach((day, dayIdx) => {
      const path = `${field}.weekly.${day}`
      const ranges = validateRanges(weeklyRaw[day], path, { zh: WEEKDAY_NAMES_ZH[day], en: day }, errors)
      if (ranges === null) return
      ranges.forEach((range, i) => {
        const offset = dayIdx * MINUTES_PER_DAY
        refs.push({
          path: `${path}[${i}]`,
          range: { ...range, start: range.start + offset, end: range.end + offset },
          order: refs.length,
        })
      })
      if (ranges.length > 0) {
        weekly[day] = [...ranges].sort((a, b) => a.start - b.start).map(({ open, close }) => ({ open, close }))
      }
    })
    findOverlaps(refs, MINUTES_PER_WEEK, errors)
  }

  const exceptions: HoursException[] = []
  const exRaw = input.exceptions
  if (exRaw !== undefined && exRaw !== null) {
    if (!Array.isArray(exRaw)) {
      errors.push(
        validationError(
          `${field}.exceptions`,
          "invalid_type",
          `特殊营业日 exceptions 必须是数组，当前为 ${describeValue(exRaw)}`,
          `Exceptions must be an array, got ${describeValue(exRaw)}`
        )
      )
    } else {
      if (exRaw.length > MAX_EXCEPTIONS) {
        errors.push(
          validationError(
            `${field}.exceptions`,
            "too_many_exceptions",
            `特殊营业日最多 ${MAX_EXCEPTIONS} 条，当前为 ${exRaw.length} 条`,
            `At most ${MAX_EXCEPTIONS} exceptions are allowed, got ${exRaw.length}`
          )
        )
      }
      const seen = new Map<string, number>()
      exRaw.forEach((ex, i) => {
        const parsed = validateException(ex, `${field}.exceptions[${i}]`, errors)
        if (!parsed) return
        const first = seen.get(parsed.date)
        if (first !== undefined) {
          errors.push(
            validationError(
              `${field}.exceptions[${i}].date`,
              "duplicate_date",
              `日期 ${parsed.date} 与 ${field}.exceptions[${first}] 重复`,
              `Date ${parsed.date} duplicates ${field}.exceptions[${first}]`
            )
          )
          return
        }
        seen.set(parsed.date, i)
        exceptions.push(parsed)
      })
      exceptions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    }
  }

  if (errors.length > 0) return { ok: false, errors }
  const value: BusinessHours = { timezone, weekly }
  if (exceptions.length > 0) value.exceptions = exceptions
  return { ok: true, value }
}

function validateException(raw: unknown, path: string, errors: ValidationError[]): HoursException | null {
  if (!isPlainObject(raw)) {
    errors.push(
      validationError(
        path,
        "invalid_type",
        `特殊营业日必须是对象，当前为 ${describeValue(raw)}`,
        `An exception must be an object, got ${describeValue(raw)}`
      )
    )
    return null
  }
  const before = errors.length
  for (const key of Object.keys(raw)) {
    if (!["date", "closed", "ranges", "note"].includes(key)) {
      errors.push(
        validationError(
          `${path}.${key}`,
          "unknown_field",
          `特殊营业日不支持字段 ${key}（允许 date、closed、ranges、note）`,
          `Unknown exception field ${key} (allowed: date, closed, ranges, note)`
        )
      )
    }
  }

  const date = typeof raw.date === "string" ? raw.date.trim() : null
  if (date === null || parseIsoDate(date) === null) {
    errors.push(
      validationError(
        `${path}.date`,
        raw.date === undefined ? "required" : "invalid_date",
        `日期 ${describeValue(raw.date)} 无效，应为真实存在的 YYYY-MM-DD 日期`,
        `Date ${describeValue(raw.date)} is invalid; expected a real calendar date as YYYY-MM-DD`
      )
    )
  }

  if (raw.closed !== undefined && raw.closed !== null && typeof raw.closed !== "boolean") {
    errors.push(
      validationError(
        `${path}.closed`,
        "invalid_type",
        `closed 必须是 true 或 false，当前为 ${describeValue(raw.closed)}`,
        `closed must be true or false, got ${describeValue(raw.closed)}`
      )
    )
  }
  const closed = raw.closed === true

  const label = { zh: date ? `${date} ` : "特殊营业日", en: date ? `Exception ${date}` : "Exception" }
  const ranges = validateRanges(raw.ranges, `${path}.ranges`, label, errors)
  if (ranges) {
    findOverlaps(
      ranges.map((range, i) => ({ path: `${path}.ranges[${i}]`, range, order: i })),
      0,
      errors
    )
    if (closed && ranges.length > 0) {
      errors.push(
        validationError(
          path,
          "conflicting_exception",
          "特殊营业日不能同时设置 closed: true 和营业时间段",
          "An exception cannot be closed: true and have ranges at the same time"
        )
      )
    } else if (!closed && ranges.length === 0) {
      errors.push(
        validationError(
          path,
          "empty_exception",
          "特殊营业日需设置 closed: true（休息）或至少一个营业时间段",
          "An exception needs either closed: true or at least one time range"
        )
      )
    }
  }

  let note: string | undefined
  if (raw.note !== undefined && raw.note !== null) {
    if (typeof raw.note !== "string") {
      errors.push(
        validationError(
          `${path}.note`,
          "invalid_type",
          `备注必须是文本，当前为 ${describeValue(raw.note)}`,
          `note must be a string, got ${describeValue(raw.note)}`
        )
      )
    } else if (raw.note.length > MAX_NOTE_LENGTH) {
      errors.push(
        validationError(
          `${path}.note`,
          "too_long",
          `备注最多 ${MAX_NOTE_LENGTH} 个字符，当前为 ${raw.note.length} 个`,
          `note must be at most ${MAX_NOTE_LENGTH} characters, got ${raw.note.length}`
        )
      )
    } else if (raw.note.trim() !== "") {
      note = raw.note.trim()
    }
  }

  if (errors.length > before || date === null || ranges === null) return null
  const out: HoursException = { date }
  if (closed) out.closed = true
  else out.ranges = [...ranges].sort((a, b) => a.start - b.start).map(({ open, close }) => ({ open, close }))
  if (note !== undefined) out.note = note
  return out
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

type Compiled = {
  timeZone: string
  weekly: ParsedRange[][] // indexed mon = 0
  exceptions: Map<string, ParsedRange[]>
}

/**
 * Evaluators re-validate instead of trusting the caller: it costs microseconds
 * and guarantees that the rules applied here are exactly the validated ones.
 */
function compile(hours: BusinessHours): Compiled {
  const result = validateBusinessHours(hours)
  if (!result.ok) throw new MerchantValidationException(result.errors)
  const value = result.value
  const toParsed = (ranges: TimeRange[] | undefined): ParsedRange[] =>
    (ranges ?? []).map((r) => {
      const open = parseTime(r.open) as number
      const close = parseTime(r.close) as number
      return { start: open, end: close > open ? close : close + MINUTES_PER_DAY, open: r.open, close: r.close }
    })
  const exceptions = new Map<string, ParsedRange[]>()
  for (const ex of value.exceptions ?? []) exceptions.set(ex.date, ex.closed ? [] : toParsed(ex.ranges))
  return {
    timeZone: value.timezone ?? DEFAULT_TIMEZONE,
    weekly: WEEKDAYS.map((d) => toParsed(value.weekly[d])),
    exceptions,
  }
}

function rangesForDay(c: Compiled, dayNumber: number): ParsedRange[] {
  return c.exceptions.get(dayKey(dayNumber)) ?? c.weekly[weekdayIndex(dayNumber)]
}

/**
 * Merged [start, end) intervals (epoch ms) for ranges opening on local days
 * firstDay-1 … lastDay. The extra leading day supplies the overnight spill
 * into firstDay.
 */
function intervalsForDays(c: Compiled, firstDay: number, lastDay: number): Array<[number, number]> {
  const raw: Array<[number, number]> = []
  for (let day = firstDay - 1; day <= lastDay; day++) {
    for (const r of rangesForDay(c, day)) {
      const start = wallTimeToInstant(day, r.start, c.timeZone)
      const end = wallTimeToInstant(day, r.end, c.timeZone)
      if (end > start) raw.push([start, end])
    }
  }
  raw.sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const iv of raw) {
    const last = merged[merged.length - 1]
    // `<=` so that touching ranges (…–24:00 then 00:00–…) become one interval.
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1])
    else merged.push([iv[0], iv[1]])
  }
  return merged
}

function instantMs(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`)
  return ms
}

/**
 * Concrete open intervals (UTC instants, merged, clipped to [from, to)) in a
 * window. Intervals are half-open: a shop closing at 21:00 is closed at 21:00.
 */
export function openIntervals(hours: BusinessHours, fromDate: Date, toDate: Date): OpenInterval[] {
  const from = instantMs(fromDate, "fromDate")
  const to = instantMs(toDate, "toDate")
  if (to <= from) return []
  if (to - from > MAX_WINDOW_DAYS * MS_PER_DAY) {
    throw new RangeError(`openIntervals window must not exceed ${MAX_WINDOW_DAYS} days`)
  }
  const c = compile(hours)
  return intervalsForDays(c, localDayNumber(from, c.timeZone), localDayNumber(to, c.timeZone))
    .filter(([s, e]) => e > from && s < to)
    .map(([s, e]) => ({ start: new Date(Math.max(s, from)), end: new Date(Math.min(e, to)) }))
}

export function isOpenAt(hours: BusinessHours, instant: Date): boolean {
  const t = instantMs(instant, "instant")
  const c = compile(hours)
  const day = localDayNumber(t, c.timeZone)
  return intervalsForDays(c, day, day).some(([s, e]) => s <= t && t < e)
}

/**
 * The interval the merchant is open in at `from` (then opens_at <= from), or
 * the next one starting within `horizonDays`; null if none.
 *
 * The intervals are not clipped, but they are only computed from the local day
 * before `from` to `horizonDays` after it: for a merchant open round the clock,
 * opens_at/closes_at are bounded by that window rather than being real
 * opening/closing times.
 */
export function nextOpening(
  hours: BusinessHours,
  from: Date,
  horizonDays = 14
): { opens_at: Date; closes_at: Date } | null {
  const t = instantMs(from, "from")
  if (!Number.isFinite(horizonDays) || horizonDays < 0 || horizonDays > MAX_WINDOW_DAYS) {
    throw new RangeError(`horizonDays must be between 0 and ${MAX_WINDOW_DAYS}`)
  }
  const c = compile(hours)
  const day = localDayNumber(t, c.timeZone)
  const limit = t + horizonDays * MS_PER_DAY
  const found = intervalsForDays(c, day, day + Math.ceil(horizonDays)).find(([, e]) => e > t)
  if (!found || found[0] > limit) return null
  return { opens_at: new Date(found[0]), closes_at: new Date(found[1]) }
}
