import { checkSlot, computeSlots, dayBounds, peakUsage, type SlotContext } from "../utils/slots"
import { newRedemptionCode, parseQrPayload, qrPayload, verifyQrSignature } from "../utils/redemption"

const iso = (s: string) => new Date(s).getTime()
const weekly = (open: string, close: string) => ({
  weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open, close }]])),
})

function ctx(over: Partial<SlotContext> = {}): SlotContext {
  return {
    timeZone: "Asia/Shanghai",
    merchantHours: weekly("10:00", "22:00"),
    offering: {
      duration_minutes: 60,
      buffer_before_minutes: 0,
      buffer_after_minutes: 0,
      slot_step_minutes: 30,
      min_notice_minutes: 60,
      horizon_days: 7,
    },
    resources: [{ id: "r1", capacity: 2 }],
    closures: [],
    usages: [],
    now: iso("2026-03-01T08:00:00+08:00"),
    ...over,
  }
}

describe("booking slots", () => {
  it("finds local day bounds, including a 23-hour DST day", () => {
    expect(dayBounds("2026-03-02", "Asia/Shanghai")).toEqual([iso("2026-03-01T16:00:00Z"), iso("2026-03-02T16:00:00Z")])
    const [s, e] = dayBounds("2026-03-08", "America/New_York")
    expect((e - s) / 3_600_000).toBe(23)
  })

  it("counts the busiest instant, not every overlapping booking", () => {
    const u = [
      { f: iso("2026-03-02T10:00:00Z"), t: iso("2026-03-02T11:00:00Z"), seats: 1 },
      { f: iso("2026-03-02T11:00:00Z"), t: iso("2026-03-02T12:00:00Z"), seats: 1 },
    ]
    expect(peakUsage(u, iso("2026-03-02T10:30:00Z"), iso("2026-03-02T11:30:00Z"))).toBe(1)
    u.push({ f: iso("2026-03-02T10:45:00Z"), t: iso("2026-03-02T11:15:00Z"), seats: 2 })
    expect(peakUsage(u, iso("2026-03-02T10:30:00Z"), iso("2026-03-02T11:30:00Z"))).toBe(3)
  })

  it("lists grid slots inside hours, minus closures and full times, with remaining seats", () => {
    const c = ctx({
      closures: [{ resource_id: null, starts_at: "2026-03-02T12:00:00+08:00", ends_at: "2026-03-02T13:00:00+08:00" }],
      usages: [{ resource_id: "r1", occupied_from: "2026-03-02T10:00:00+08:00", occupied_to: "2026-03-02T11:00:00+08:00", seats: 2 }],
    })
    const slots = computeSlots(c, ["2026-03-02"])
    const starts = slots.map((s) => new Date(s.start_at).toISOString())
    expect(starts[0]).toBe("2026-03-02T03:00:00.000Z") // 11:00 local: 10:00 and 10:30 are full
    expect(starts).not.toContain("2026-03-02T03:30:00.000Z") // 11:30 would run into the closure
    expect(starts).not.toContain("2026-03-02T04:00:00.000Z")
    expect(starts).toContain("2026-03-02T05:00:00.000Z") // 13:00 after the closure
    expect(starts[starts.length - 1]).toBe("2026-03-02T13:00:00.000Z") // 21:00 is the last start that ends by 22:00
    expect(slots[0].remaining).toBe(2)
  })

  it("honours overnight hours and resource hours inside the shop's", () => {
    const c = ctx({
      merchantHours: weekly("18:00", "02:00"),
      resources: [{ id: "r1", capacity: 1, hours: weekly("20:00", "01:00") }],
    })
    const starts = computeSlots(c, ["2026-03-02"]).map((s) => s.start_at)
    // The day's slots start with the previous night's spill past midnight, then this evening's shift;
    // 00:00 of the next day belongs to the next date.
    const local = (t: string) => new Date(`${t}+08:00`).toISOString()
    expect(starts).toEqual([
      local("2026-03-02T00:00:00"),
      ...["20:00", "20:30", "21:00", "21:30", "22:00", "22:30", "23:00", "23:30"].map((h) => local(`2026-03-02T${h}:00`)),
    ])
  })

  it("names the broken rule", () => {
    const c = ctx()
    expect(checkSlot(c, iso("2026-03-01T07:00:00+08:00")).rule).toBe("slot_in_past")
    expect(checkSlot(c, iso("2026-03-01T08:30:00+08:00")).rule).toBe("before_min_notice")
    expect(checkSlot(c, iso("2026-03-20T10:00:00+08:00")).rule).toBe("beyond_horizon")
    expect(checkSlot(c, iso("2026-03-02T10:10:00+08:00")).rule).toBe("slot_off_grid")
    expect(checkSlot(c, iso("2026-03-02T21:30:00+08:00")).rule).toBe("outside_hours")
    const closed = ctx({ closures: [{ resource_id: "r1", starts_at: "2026-03-02T00:00:00+08:00", ends_at: "2026-03-03T00:00:00+08:00" }] })
    expect(checkSlot(closed, iso("2026-03-02T10:00:00+08:00")).rule).toBe("closed")
    expect(checkSlot(c, iso("2026-03-02T10:00:00+08:00"))).toEqual({ rule: null, resources: ["r1"] })
  })
})

describe("redemption codes", () => {
  it("makes 8-digit codes and QR payloads that fail when tampered with", () => {
    const code = newRedemptionCode()
    expect(code).toMatch(/^[1-9]\d{7}$/)
    const appt = { id: "appt_01ABC", merchant_id: "mer_1", code }
    const payload = qrPayload(appt)
    expect(payload).not.toContain(code)
    const parsed = parseQrPayload(payload)!
    expect(verifyQrSignature(appt, parsed.signature)).toBe(true)
    expect(verifyQrSignature({ ...appt, merchant_id: "mer_2" }, parsed.signature)).toBe(false)
    expect(verifyQrSignature({ ...appt, code: "12345678" }, parsed.signature)).toBe(false)
    expect(parseQrPayload("TCB1.not-an-id.sig")).toBeNull()
  })
})
