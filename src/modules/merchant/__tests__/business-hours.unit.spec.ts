import { MerchantValidationException, ValidationError } from "../utils/errors"
import {
  BusinessHours,
  TimeRange,
  isOpenAt,
  nextOpening,
  openIntervals,
  validateBusinessHours,
} from "../utils/business-hours"

const at = (iso: string) => new Date(iso)
const r = (open: string, close: string): TimeRange => ({ open, close })
const everyDay = (ranges: TimeRange[]) => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
  sat: ranges,
  sun: ranges,
})
const iso = (d: Date | undefined) => d?.toISOString()

/** A typical restaurant: lunch + late dinner on Friday, late Saturday. 2026-11-27 is a Friday. */
const RESTAURANT: BusinessHours = {
  weekly: {
    mon: [r("10:00", "22:00")],
    tue: [r("10:00", "22:00")],
    wed: [r("10:00", "22:00")],
    thu: [r("10:00", "22:00")],
    fri: [r("10:00", "14:00"), r("17:00", "02:00")],
    sat: [r("11:00", "02:00")],
    sun: [r("11:00", "21:00")],
  },
}

const OFFICE: BusinessHours = {
  weekly: {
    mon: [r("09:00", "18:00")],
    tue: [r("09:00", "18:00")],
    wed: [r("09:00", "18:00")],
    thu: [r("09:00", "18:00")],
    fri: [r("09:00", "18:00")],
  },
}

function errorsOf(input: unknown): ValidationError[] {
  const res = validateBusinessHours(input)
  if (res.ok) throw new Error("expected validation to fail")
  // Every error must be fully bilingual.
  for (const e of res.errors) {
    expect(e.message).toMatch(/[\u4e00-\u9fff]/)
    expect(e.message_en).toMatch(/[A-Za-z]/)
    expect(e.field).toMatch(/^business_hours/)
  }
  return res.errors
}

const fieldCodes = (input: unknown) => errorsOf(input).map((e) => `${e.field}:${e.code}`)

describe("isOpenAt", () => {
  it.each([
    ["2026-11-27T13:59:00+08:00", true], // Fri lunch
    ["2026-11-27T14:00:00+08:00", false], // closing minute itself is closed
    ["2026-11-27T15:00:00+08:00", false], // between lunch and dinner
    ["2026-11-27T17:00:00+08:00", true], // opening minute is open
    ["2026-11-27T23:30:00+08:00", true], // Friday overnight range
    ["2026-11-28T01:30:00+08:00", true], // Friday's range spilling into Saturday
    ["2026-11-28T02:00:00+08:00", false],
    ["2026-11-28T10:59:00+08:00", false],
    ["2026-11-28T11:00:00+08:00", true],
    ["2026-11-29T01:59:00+08:00", true], // Saturday spill into Sunday
    ["2026-11-29T21:00:00+08:00", false],
    ["2026-11-30T01:00:00+08:00", false], // Sunday has no overnight range
  ])("restaurant at %s → %s", (instant, expected) => {
    expect(isOpenAt(RESTAURANT, at(instant))).toBe(expected)
  })

  it("evaluates in the merchant's timezone, not the server's", () => {
    // 2026-11-27T15:30Z is 23:30 Friday in Shanghai.
    expect(isOpenAt(RESTAURANT, at("2026-11-27T15:30:00Z"))).toBe(true)
    const london = { timezone: "Europe/London", weekly: everyDay([r("09:00", "17:00")]) }
    expect(isOpenAt(london, at("2026-11-27T16:30:00Z"))).toBe(true) // 16:30 GMT
    expect(isOpenAt(london, at("2026-11-27T17:30:00Z"))).toBe(false)
    // The same instant is 00:30 Saturday in Shanghai.
    expect(isOpenAt({ weekly: everyDay([r("09:00", "17:00")]) }, at("2026-11-27T16:30:00Z"))).toBe(false)
    // Summer time: 16:30Z is 17:30 BST.
    expect(isOpenAt(london, at("2026-07-01T15:30:00Z"))).toBe(true)
    expect(isOpenAt(london, at("2026-07-01T16:30:00Z"))).toBe(false)
  })

  it("wraps Sunday's overnight range into Monday", () => {
    const hours: BusinessHours = { weekly: { sun: [r("22:00", "02:00")] } }
    expect(isOpenAt(hours, at("2026-11-29T22:30:00+08:00"))).toBe(true)
    expect(isOpenAt(hours, at("2026-11-30T01:00:00+08:00"))).toBe(true)
    expect(isOpenAt(hours, at("2026-11-30T02:00:00+08:00"))).toBe(false)
    expect(isOpenAt(hours, at("2026-11-29T01:00:00+08:00"))).toBe(false) // Saturday had nothing
  })

  it("treats 00:00–24:00 as all day", () => {
    const hours: BusinessHours = { weekly: everyDay([r("00:00", "24:00")]) }
    for (const t of ["2026-11-27T00:00:00+08:00", "2026-11-27T23:59:59+08:00", "2026-11-28T12:00:00+08:00"]) {
      expect(isOpenAt(hours, at(t))).toBe(true)
    }
  })

  it("is never open with an empty schedule", () => {
    expect(isOpenAt({ weekly: {} }, at("2026-11-27T12:00:00+08:00"))).toBe(false)
  })

  it("honours a holiday closed exception", () => {
    const hours: BusinessHours = {
      weekly: everyDay([r("09:00", "21:00")]),
      exceptions: [{ date: "2026-10-01", closed: true, note: "国庆节休息" }],
    }
    expect(isOpenAt(hours, at("2026-10-01T12:00:00+08:00"))).toBe(false)
    expect(isOpenAt(hours, at("2026-09-30T12:00:00+08:00"))).toBe(true)
    expect(isOpenAt(hours, at("2026-10-02T12:00:00+08:00"))).toBe(true)
  })

  it("honours special hours that replace the weekday's ranges", () => {
    const hours: BusinessHours = {
      weekly: everyDay([r("09:00", "21:00")]),
      exceptions: [{ date: "2026-12-31", ranges: [r("12:00", "16:00"), r("20:00", "01:00")] }],
    }
    expect(isOpenAt(hours, at("2026-12-31T10:00:00+08:00"))).toBe(false)
    expect(isOpenAt(hours, at("2026-12-31T13:00:00+08:00"))).toBe(true)
    expect(isOpenAt(hours, at("2026-12-31T17:00:00+08:00"))).toBe(false)
    expect(isOpenAt(hours, at("2027-01-01T00:30:00+08:00"))).toBe(true) // exception's own overnight spill
    expect(isOpenAt(hours, at("2027-01-01T01:00:00+08:00"))).toBe(false)
  })

  it("does not let a closed exception cancel the previous night's spill", () => {
    const hours: BusinessHours = { ...RESTAURANT, exceptions: [{ date: "2026-11-28", closed: true }] }
    expect(isOpenAt(hours, at("2026-11-28T01:00:00+08:00"))).toBe(true) // Friday night shift still runs
    expect(isOpenAt(hours, at("2026-11-28T12:00:00+08:00"))).toBe(false)
    expect(isOpenAt(hours, at("2026-11-29T01:00:00+08:00"))).toBe(false) // Saturday's own spill is gone
  })

  it("replaces the overnight spill of the exception date's own ranges", () => {
    const hours: BusinessHours = { ...RESTAURANT, exceptions: [{ date: "2026-11-27", ranges: [r("10:00", "20:00")] }] }
    expect(isOpenAt(hours, at("2026-11-27T19:00:00+08:00"))).toBe(true)
    expect(isOpenAt(hours, at("2026-11-27T23:00:00+08:00"))).toBe(false)
    expect(isOpenAt(hours, at("2026-11-28T01:00:00+08:00"))).toBe(false)
  })

  it("refuses malformed hours instead of guessing", () => {
    const bad = { weekly: { mon: [r("25:00", "26:00")] } } as BusinessHours
    expect(() => isOpenAt(bad, at("2026-11-30T12:00:00+08:00"))).toThrow(MerchantValidationException)
    try {
      isOpenAt(bad, at("2026-11-30T12:00:00+08:00"))
    } catch (e) {
      expect((e as MerchantValidationException).errors[0].field).toBe("business_hours.weekly.mon[0].open")
    }
  })

  it("rejects an invalid instant", () => {
    expect(() => isOpenAt(RESTAURANT, new Date("nope"))).toThrow(RangeError)
  })
})

describe("nextOpening", () => {
  it("returns the current interval when open (opens_at <= from)", () => {
    const from = at("2026-11-27T23:30:00+08:00")
    const n = nextOpening(RESTAURANT, from)
    expect(iso(n?.opens_at)).toBe("2026-11-27T09:00:00.000Z") // Fri 17:00 +08
    expect(iso(n?.closes_at)).toBe("2026-11-27T18:00:00.000Z") // Sat 02:00 +08
    expect(n!.opens_at.getTime()).toBeLessThanOrEqual(from.getTime())
  })

  it("returns the interval starting exactly at `from`", () => {
    const n = nextOpening(RESTAURANT, at("2026-11-27T17:00:00+08:00"))
    expect(iso(n?.opens_at)).toBe("2026-11-27T09:00:00.000Z")
  })

  it("skips to the next interval at the exact closing minute", () => {
    const n = nextOpening(RESTAURANT, at("2026-11-27T14:00:00+08:00"))
    expect(n?.opens_at).toEqual(at("2026-11-27T17:00:00+08:00"))
  })

  it("finds tomorrow morning when closed for the night", () => {
    const n = nextOpening(RESTAURANT, at("2026-11-24T23:00:00+08:00")) // Tuesday night
    expect(n?.opens_at).toEqual(at("2026-11-25T10:00:00+08:00"))
    expect(n?.closes_at).toEqual(at("2026-11-25T22:00:00+08:00"))
  })

  it("finds Monday morning over a closed weekend", () => {
    const n = nextOpening(OFFICE, at("2026-11-27T19:00:00+08:00"))
    expect(n?.opens_at).toEqual(at("2026-11-30T09:00:00+08:00"))
    expect(n?.closes_at).toEqual(at("2026-11-30T18:00:00+08:00"))
  })

  it("finds the first day after a holiday", () => {
    const hours: BusinessHours = {
      weekly: everyDay([r("09:00", "21:00")]),
      exceptions: ["01", "02", "03", "04", "05", "06", "07"].map((d) => ({ date: `2026-10-${d}`, closed: true })),
    }
    const n = nextOpening(hours, at("2026-09-30T22:00:00+08:00"))
    expect(n?.opens_at).toEqual(at("2026-10-08T09:00:00+08:00"))
  })

  it("returns null when nothing opens within the horizon", () => {
    const hours: BusinessHours = {
      weekly: everyDay([r("09:00", "21:00")]),
      exceptions: ["01", "02", "03", "04", "05"].map((d) => ({ date: `2026-10-${d}`, closed: true })),
    }
    const from = at("2026-09-30T22:00:00+08:00")
    expect(nextOpening(hours, from, 3)).toBeNull()
    expect(nextOpening(hours, from, 6)?.opens_at).toEqual(at("2026-10-06T09:00:00+08:00"))
    expect(nextOpening({ weekly: {} }, from)).toBeNull()
  })

  it("merges touching ranges across midnight into one interval", () => {
    const hours: BusinessHours = { weekly: { fri: [r("22:00", "24:00")], sat: [r("00:00", "02:00")] } }
    const n = nextOpening(hours, at("2026-11-27T23:00:00+08:00"))
    expect(n?.opens_at).toEqual(at("2026-11-27T22:00:00+08:00"))
    expect(n?.closes_at).toEqual(at("2026-11-28T02:00:00+08:00"))
    // Same answer when asked after midnight.
    expect(nextOpening(hours, at("2026-11-28T01:00:00+08:00"))).toEqual(n)
  })

  it("merges touching ranges within a day", () => {
    const hours: BusinessHours = { weekly: everyDay([r("09:00", "12:00"), r("12:00", "14:00")]) }
    const n = nextOpening(hours, at("2026-11-27T08:00:00+08:00"))
    expect(n?.opens_at).toEqual(at("2026-11-27T09:00:00+08:00"))
    expect(n?.closes_at).toEqual(at("2026-11-27T14:00:00+08:00"))
  })

  it("validates horizonDays", () => {
    expect(() => nextOpening(OFFICE, at("2026-11-27T19:00:00+08:00"), -1)).toThrow(RangeError)
    expect(() => nextOpening(OFFICE, at("2026-11-27T19:00:00+08:00"), Number.NaN)).toThrow(RangeError)
  })
})

describe("openIntervals", () => {
  const asIso = (ivs: Array<{ start: Date; end: Date }>) => ivs.map((i) => [iso(i.start), iso(i.end)])

  it("returns merged concrete intervals inside the window", () => {
    const ivs = openIntervals(RESTAURANT, at("2026-11-27T00:00:00+08:00"), at("2026-11-28T12:00:00+08:00"))
    expect(asIso(ivs)).toEqual([
      ["2026-11-27T02:00:00.000Z", "2026-11-27T06:00:00.000Z"], // Fri 10–14
      ["2026-11-27T09:00:00.000Z", "2026-11-27T18:00:00.000Z"], // Fri 17–Sat 02
      ["2026-11-28T03:00:00.000Z", "2026-11-28T04:00:00.000Z"], // Sat 11–12 (clipped)
    ])
  })

  it("clips intervals that started before the window (including yesterday's spill)", () => {
    const ivs = openIntervals(RESTAURANT, at("2026-11-28T01:00:00+08:00"), at("2026-11-28T03:00:00+08:00"))
    expect(asIso(ivs)).toEqual([["2026-11-27T17:00:00.000Z", "2026-11-27T18:00:00.000Z"]])
  })

  it("covers a whole week", () => {
    const ivs = openIntervals(RESTAURANT, at("2026-11-23T00:00:00+08:00"), at("2026-11-30T00:00:00+08:00"))
    // Mon–Thu 4, Fri 2, Sat 1, Sun 1 (Saturday 02:00–11:00 keeps Friday night and Saturday apart).
    expect(ivs).toHaveLength(8)
    for (let i = 1; i < ivs.length; i++) expect(ivs[i].start.getTime()).toBeGreaterThan(ivs[i - 1].end.getTime())
    const hours = ivs.reduce((sum, iv) => sum + (iv.end.getTime() - iv.start.getTime()) / 3_600_000, 0)
    expect(hours).toBe(4 * 12 + 4 + 9 + 15 + 10)
  })

  it("returns nothing for an empty or inverted window", () => {
    const t = at("2026-11-27T12:00:00+08:00")
    expect(openIntervals(RESTAURANT, t, t)).toEqual([])
    expect(openIntervals(RESTAURANT, t, at("2026-11-26T12:00:00+08:00"))).toEqual([])
  })

  it("guards against huge windows and invalid dates", () => {
    expect(() => openIntervals(RESTAURANT, at("2026-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z"))).toThrow(RangeError)
    expect(() => openIntervals(RESTAURANT, new Date(Number.NaN), at("2026-01-01T00:00:00Z"))).toThrow(RangeError)
  })

  it("throws a structured exception for invalid hours", () => {
    expect(() =>
      openIntervals({ timezone: "Mars/Olympus", weekly: {} }, at("2026-11-27T00:00:00Z"), at("2026-11-28T00:00:00Z"))
    ).toThrow(/business_hours.timezone/)
  })

  describe("America/New_York across the 2026-03-08 spring-forward", () => {
    const NY = "America/New_York"

    it("keeps wall-clock hours on both sides of the change", () => {
      const hours: BusinessHours = { timezone: NY, weekly: everyDay([r("09:00", "17:00")]) }
      const ivs = openIntervals(hours, at("2026-03-07T00:00:00Z"), at("2026-03-10T00:00:00Z"))
      expect(asIso(ivs)).toEqual([
        ["2026-03-07T14:00:00.000Z", "2026-03-07T22:00:00.000Z"], // EST (UTC−5)
        ["2026-03-08T13:00:00.000Z", "2026-03-08T21:00:00.000Z"], // EDT (UTC−4)
        ["2026-03-09T13:00:00.000Z", "2026-03-09T21:00:00.000Z"],
      ])
    })

    it("counts real elapsed time for a range spanning the gap", () => {
      const hours: BusinessHours = { timezone: NY, weekly: { sun: [r("01:00", "04:00")] } }
      const ivs = openIntervals(hours, at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z"))
      expect(asIso(ivs)).toEqual([["2026-03-08T06:00:00.000Z", "2026-03-08T08:00:00.000Z"]]) // 2 real hours
    })

    it("moves a non-existent opening time forward by the gap (02:30 → 03:30 EDT)", () => {
      const hours: BusinessHours = { timezone: NY, weekly: { sun: [r("02:30", "05:00")] } }
      const ivs = openIntervals(hours, at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z"))
      expect(asIso(ivs)).toEqual([["2026-03-08T07:30:00.000Z", "2026-03-08T09:00:00.000Z"]])
    })

    it("drops a range that lies entirely inside the gap", () => {
      const hours: BusinessHours = { timezone: NY, weekly: { sun: [r("02:00", "03:00")] } }
      expect(openIntervals(hours, at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z"))).toEqual([])
      expect(isOpenAt(hours, at("2026-03-08T07:00:00Z"))).toBe(false)
    })

    it("handles an overnight range across the change", () => {
      const hours: BusinessHours = { timezone: NY, weekly: { sat: [r("22:00", "06:00")] } }
      const ivs = openIntervals(hours, at("2026-03-07T00:00:00Z"), at("2026-03-09T00:00:00Z"))
      expect(asIso(ivs)).toEqual([["2026-03-08T03:00:00.000Z", "2026-03-08T10:00:00.000Z"]]) // 7 real hours
    })

    it("resolves repeated fall-back wall times to the first occurrence", () => {
      const hours: BusinessHours = { timezone: NY, weekly: { sun: [r("00:00", "01:30")] } }
      const ivs = openIntervals(hours, at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"))
      expect(asIso(ivs)).toEqual([["2026-11-01T04:00:00.000Z", "2026-11-01T05:30:00.000Z"]]) // 01:30 EDT
    })
  })
})

describe("validateBusinessHours", () => {
  it("normalises a valid schedule", () => {
    const res = validateBusinessHours({
      timezone: "asia/shanghai",
      weekly: { mon: [r("14:00", "22:00"), r("9:00", "12:00")], tue: [], sun: [r("22:00", "02:00")] },
      exceptions: [
        { date: "2026-10-02", ranges: [r("10:00", "16:00")] },
        { date: "2026-10-01", closed: true, note: " 国庆节 " },
      ],
    })
    expect(res).toEqual({
      ok: true,
      value: {
        timezone: "Asia/Shanghai",
        weekly: { mon: [r("09:00", "12:00"), r("14:00", "22:00")], sun: [r("22:00", "02:00")] },
        exceptions: [
          { date: "2026-10-01", closed: true, note: "国庆节" },
          { date: "2026-10-02", ranges: [r("10:00", "16:00")] },
        ],
      },
    })
  })

  it("defaults the timezone to Asia/Shanghai", () => {
    const res = validateBusinessHours({ weekly: {} })
    expect(res.ok && res.value.timezone).toBe("Asia/Shanghai")
  })

  it("accepts 00:00–24:00, 24:00 as close, and touching ranges", () => {
    expect(validateBusinessHours({ weekly: { mon: [r("00:00", "24:00")] } }).ok).toBe(true)
    expect(validateBusinessHours({ weekly: { mon: [r("18:00", "24:00")], tue: [r("00:00", "02:00")] } }).ok).toBe(true)
    expect(validateBusinessHours({ weekly: { mon: [r("09:00", "12:00"), r("12:00", "14:00")] } }).ok).toBe(true)
  })

  it.each(["25:00", "24:30", "9:60", "0900", "9", "", " ", "09:00:00", "-1:00", "12:5"])(
    "rejects malformed time %j",
    (bad) => {
      const errs = errorsOf({ weekly: { mon: [r("08:00", "12:00"), r(bad, "23:00")] } })
      expect(errs).toHaveLength(1)
      expect(errs[0]).toMatchObject({ field: "business_hours.weekly.mon[1].open", code: "invalid_time" })
      expect(errs[0].message).toContain("开门时间")
      expect(errs[0].message_en).toContain(JSON.stringify(bad))
    }
  )

  it("names the close field for a bad closing time", () => {
    expect(fieldCodes({ weekly: { fri: [r("10:00", "26:00")] } })).toEqual([
      "business_hours.weekly.fri[0].close:invalid_time",
    ])
  })

  it("rejects missing or non-string times", () => {
    expect(fieldCodes({ weekly: { mon: [{ open: "09:00" }] } })).toEqual(["business_hours.weekly.mon[0].close:required"])
    expect(fieldCodes({ weekly: { mon: [{ open: 9, close: "18:00" }] } })).toEqual([
      "business_hours.weekly.mon[0].open:invalid_type",
    ])
  })

  it("rejects 24:00 as an opening time", () => {
    expect(fieldCodes({ weekly: { mon: [r("24:00", "02:00")] } })).toEqual([
      "business_hours.weekly.mon[0].open:invalid_time",
    ])
  })

  it.each([
    ["09:00", "09:00"],
    ["00:00", "00:00"],
    ["9:00", "09:00"],
  ])("rejects ambiguous equal open/close %s–%s", (open, close) => {
    const errs = errorsOf({ weekly: { wed: [r(open, close)] } })
    expect(errs[0]).toMatchObject({ field: "business_hours.weekly.wed[0]", code: "invalid_range" })
    expect(errs[0].message).toContain("00:00–24:00")
  })

  it("rejects unknown weekday keys", () => {
    const errs = errorsOf({ weekly: { monday: [r("09:00", "18:00")], mon: [r("09:00", "18:00")] } })
    expect(errs.map((e) => `${e.field}:${e.code}`)).toEqual(["business_hours.weekly.monday:unknown_weekday"])
    expect(errs[0].message_en).toContain("mon, tue, wed, thu, fri, sat, sun")
  })

  it("reports overlapping ranges on the same day", () => {
    const errs = errorsOf({ weekly: { mon: [r("09:00", "12:00"), r("11:00", "14:00")] } })
    expect(errs.map((e) => `${e.field}:${e.code}`)).toEqual(["business_hours.weekly.mon[1]:overlap"])
    expect(errs[0].message).toContain("business_hours.weekly.mon[0]")
    expect(errs[0].message_en).toContain("09:00–12:00")
  })

  it("reports the later range even if listed first", () => {
    expect(fieldCodes({ weekly: { mon: [r("11:00", "14:00"), r("09:00", "12:00")] } })).toEqual([
      "business_hours.weekly.mon[0]:overlap",
    ])
  })

  it("reports an overnight range spilling into the next day's early range", () => {
    const errs = errorsOf({ weekly: { mon: [r("22:00", "03:00")], tue: [r("02:00", "10:00")] } })
    expect(errs.map((e) => `${e.field}:${e.code}`)).toEqual(["business_hours.weekly.tue[0]:overlap"])
    expect(errs[0].message_en).toContain("business_hours.weekly.mon[0] (22:00–03:00)")
  })

  it("reports Sunday's overnight range overlapping Monday morning", () => {
    expect(fieldCodes({ weekly: { mon: [r("01:00", "10:00")], sun: [r("22:00", "03:00")] } })).toEqual([
      "business_hours.weekly.mon[0]:overlap",
    ])
  })

  it("reports two overnight ranges on the same day", () => {
    expect(fieldCodes({ weekly: { fri: [r("20:00", "02:00"), r("23:00", "04:00")] } })).toEqual([
      "business_hours.weekly.fri[1]:overlap",
    ])
  })

  it("limits the number of ranges per day", () => {
    const seven = ["01", "03", "05", "07", "09", "11", "13"].map((h) => r(`${h}:00`, `${h}:30`))
    const errs = errorsOf({ weekly: { wed: seven } })
    expect(errs.map((e) => `${e.field}:${e.code}`)).toEqual(["business_hours.weekly.wed:too_many_ranges"])
    expect(errs[0].message).toContain("6")
    const six = seven.slice(0, 6)
    expect(validateBusinessHours({ weekly: { wed: six } }).ok).toBe(true)
  })

  it("rejects duplicate exception dates", () => {
    const errs = errorsOf({
      weekly: {},
      exceptions: [
        { date: "2026-10-01", closed: true },
        { date: "2026-10-02", closed: true },
        { date: "2026-10-01", ranges: [r("10:00", "12:00")] },
      ],
    })
    expect(errs.map((e) => `${e.field}:${e.code}`)).toEqual(["business_hours.exceptions[2].date:duplicate_date"])
    expect(errs[0].message_en).toContain("business_hours.exceptions[0]")
  })

  it.each(["2026-02-30", "2026-13-01", "2026/10/01", "2026-1-1", "tomorrow", 20261001])(
    "rejects invalid exception date %j",
    (date) => {
      expect(fieldCodes({ weekly: {}, exceptions: [{ date, closed: true }] })).toEqual([
        "business_hours.exceptions[0].date:invalid_date",
      ])
    }
  )

  it("accepts 29 February only in leap years", () => {
    expect(validateBusinessHours({ weekly: {}, exceptions: [{ date: "2028-02-29", closed: true }] }).ok).toBe(true)
    expect(fieldCodes({ weekly: {}, exceptions: [{ date: "2027-02-29", closed: true }] })).toEqual([
      "business_hours.exceptions[0].date:invalid_date",
    ])
  })

  it("requires an exception date", () => {
    expect(fieldCodes({ weekly: {}, exceptions: [{ closed: true }] })).toEqual([
      "business_hours.exceptions[0].date:required",
    ])
  })

  it.each(["Mars/Olympus", "+08:00", "Asia/Beijing", "", 8])("rejects timezone %j", (timezone) => {
    const errs = errorsOf({ timezone, weekly: {} })
    expect(errs.map((e) => `${e.field}:${e.code}`)).toEqual(["business_hours.timezone:invalid_timezone"])
    expect(errs[0].message).toContain("Asia/Shanghai")
  })

  it("accepts other IANA zones and canonicalises their spelling", () => {
    const res = validateBusinessHours({ timezone: "america/new_york", weekly: {} })
    expect(res.ok && res.value.timezone).toBe("America/New_York")
  })

  it("rejects contradictory or empty exceptions", () => {
    expect(
      fieldCodes({ weekly: {}, exceptions: [{ date: "2026-10-01", closed: true, ranges: [r("10:00", "12:00")] }] })
    ).toEqual(["business_hours.exceptions[0]:conflicting_exception"])
    expect(fieldCodes({ weekly: {}, exceptions: [{ date: "2026-10-01" }] })).toEqual([
      "business_hours.exceptions[0]:empty_exception",
    ])
    expect(fieldCodes({ weekly: {}, exceptions: [{ date: "2026-10-01", closed: false, ranges: [] }] })).toEqual([
      "business_hours.exceptions[0]:empty_exception",
    ])
  })

  it("validates exception ranges, closed and note", () => {
    expect(
      fieldCodes({
        weekly: {},
        exceptions: [
          { date: "2026-10-01", ranges: [r("10:00", "14:00"), r("13:00", "15:00")] },
          { date: "2026-10-02", ranges: [r("10:00", "99:00")] },
          { date: "2026-10-03", closed: "yes" },
          { date: "2026-10-04", closed: true, note: "长".repeat(201) },
          { date: "2026-10-05", closed: true, reason: "x" },
        ],
      })
    ).toEqual([
      "business_hours.exceptions[0].ranges[1]:overlap",
      "business_hours.exceptions[1].ranges[0].close:invalid_time",
      "business_hours.exceptions[2].closed:invalid_type",
      "business_hours.exceptions[2]:empty_exception",
      "business_hours.exceptions[3].note:too_long",
      "business_hours.exceptions[4].reason:unknown_field",
    ])
  })

  it("allows an exception to overlap the previous night's spill (evaluated as a union)", () => {
    const hours = { weekly: { fri: [r("22:00", "02:00")] }, exceptions: [{ date: "2026-11-28", ranges: [r("00:00", "10:00")] }] }
    expect(validateBusinessHours(hours).ok).toBe(true)
    const n = nextOpening(hours, at("2026-11-28T01:00:00+08:00"))
    expect(n?.opens_at).toEqual(at("2026-11-27T22:00:00+08:00"))
    expect(n?.closes_at).toEqual(at("2026-11-28T10:00:00+08:00"))
  })

  it("rejects structurally wrong input, naming the field", () => {
    expect(fieldCodes(null)).toEqual(["business_hours:invalid_type"])
    expect(fieldCodes("9-5")).toEqual(["business_hours:invalid_type"])
    expect(fieldCodes({})).toEqual(["business_hours.weekly:required"])
    expect(fieldCodes({ weekly: [] })).toEqual(["business_hours.weekly:invalid_type"])
    expect(fieldCodes({ weekly: { mon: r("09:00", "18:00") } })).toEqual(["business_hours.weekly.mon:invalid_type"])
    expect(fieldCodes({ weekly: { mon: ["09:00-18:00"] } })).toEqual(["business_hours.weekly.mon[0]:invalid_type"])
    expect(fieldCodes({ weekly: { mon: [{ open: "09:00", close: "18:00", days: 1 }] } })).toEqual([
      "business_hours.weekly.mon[0].days:unknown_field",
    ])
    expect(fieldCodes({ weekly: {}, exception: [] })).toEqual(["business_hours.exception:unknown_field"])
    expect(fieldCodes({ weekly: {}, exceptions: {} })).toEqual(["business_hours.exceptions:invalid_type"])
    expect(fieldCodes({ weekly: {}, exceptions: ["2026-10-01"] })).toEqual(["business_hours.exceptions[0]:invalid_type"])
  })

  it("reports all problems at once", () => {
    expect(
      fieldCodes({
        timezone: "Nowhere/Land",
        weekly: { mon: [r("25:00", "18:00")], tue: [r("10:00", "10:00")], funday: [] },
        exceptions: [{ date: "2026-02-31", closed: true }],
      })
    ).toEqual([
      "business_hours.timezone:invalid_timezone",
      "business_hours.weekly.funday:unknown_weekday",
      "business_hours.weekly.mon[0].open:invalid_time",
      "business_hours.weekly.tue[0]:invalid_range",
      "business_hours.exceptions[0].date:invalid_date",
    ])
  })

  it("limits the number of exceptions", () => {
    const many = Array.from({ length: 367 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      closed: true,
    }))
    expect(fieldCodes({ weekly: {}, exceptions: many })).toEqual(["business_hours.exceptions:too_many_exceptions"])
  })

  it("uses a custom field prefix", () => {
    const res = validateBusinessHours({ weekly: { mon: [r("x", "18:00")] } }, "hours")
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.errors[0].field).toBe("hours.weekly.mon[0].open")
  })
})
