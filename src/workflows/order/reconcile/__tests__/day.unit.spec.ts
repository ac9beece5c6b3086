import { previousShanghaiDay, shanghaiDay } from "../types"

describe("reconciliation day (Asia/Shanghai)", () => {
  it("is Beijing midnight to midnight, 16:00 to 16:00 UTC", () => {
    const d = shanghaiDay("2026-12-01")
    expect(d.start.toISOString()).toBe("2026-11-30T16:00:00.000Z")
    expect(d.end.toISOString()).toBe("2026-12-01T16:00:00.000Z")
    expect(shanghaiDay("2028-02-29").date).toBe("2028-02-29")
  })

  it("refuses what is not a real day, with the expected format in the message", () => {
    for (const bad of ["2026-02-30", "2027-02-29", "2026-13-01", "2026-1-1", "yesterday", "", undefined, "2026-12-01T00:00"]) {
      expect(() => shanghaiDay(bad)).toThrow(/日期无效.*YYYY-MM-DD/)
    }
  })

  it("the nightly run at 03:30 Beijing (19:30 UTC) looks at the Beijing day that just ended", () => {
    expect(previousShanghaiDay(new Date("2026-12-01T19:30:00Z"))).toBe("2026-12-01")
    expect(previousShanghaiDay(new Date("2026-12-31T19:30:00Z"))).toBe("2026-12-31")
    // Just after Beijing midnight: the day before.
    expect(previousShanghaiDay(new Date("2026-12-01T16:00:01Z"))).toBe("2026-12-01")
    expect(previousShanghaiDay(new Date("2026-12-01T15:59:59Z"))).toBe("2026-11-30")
  })
})
