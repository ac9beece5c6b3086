import { redeemWindow, redeemWindowRefusal } from "../utils/redeem-window"

const TZ = "Asia/Shanghai"
const t = (s: string) => new Date(s).getTime()
// A 15:00–16:00 slot on 2026-03-02, shop time.
const appt = { start_at: "2026-03-02T15:00:00+08:00", end_at: "2026-03-02T16:00:00+08:00" }
const offering = { redeem_before_minutes: 30, redeem_grace_minutes: 60 }

describe("核销 window", () => {
  it("opens N minutes before the start and closes after the end plus the grace, half-open", () => {
    const at = (hhmm: string) => redeemWindow(appt, offering, t(`2026-03-02T${hhmm}:00+08:00`))
    expect(at("14:29").state).toBe("early")
    expect(at("14:30").state).toBe("open")
    expect(at("16:59").state).toBe("open")
    expect(at("17:00").state).toBe("late")
    const w = at("15:00")
    expect([w.opens_at.toISOString(), w.closes_at.toISOString()]).toEqual([
      new Date("2026-03-02T14:30:00+08:00").toISOString(),
      new Date("2026-03-02T17:00:00+08:00").toISOString(),
    ])
  })

  it("uses the offering's minutes, including zero, and the defaults (30 / 60) when the offering has none", () => {
    const strict = { redeem_before_minutes: 0, redeem_grace_minutes: 0 }
    expect(redeemWindow(appt, strict, t("2026-03-02T14:59:00+08:00")).state).toBe("early")
    expect(redeemWindow(appt, strict, t("2026-03-02T15:59:00+08:00")).state).toBe("open")
    expect(redeemWindow(appt, strict, t("2026-03-02T16:00:00+08:00")).state).toBe("late")
    for (const legacy of [null, undefined, {}, { redeem_before_minutes: null, redeem_grace_minutes: null }]) {
      const w = redeemWindow(appt, legacy as any, t("2026-03-02T15:00:00+08:00"))
      expect([w.opens_at.getTime(), w.closes_at.getTime()]).toEqual([t("2026-03-02T14:30:00+08:00"), t("2026-03-02T17:00:00+08:00")])
    }
  })

  it("tells the clerk the window in the shop's local time, with the date when it is another day", () => {
    const now = t("2026-03-02T14:00:00+08:00")
    expect(redeemWindowRefusal(appt, redeemWindow(appt, offering, now), TZ, now)).toBe(
      "核销时间未到：可于 14:30 起核销（预约 15:00–16:00） (redeem_too_early: too early to redeem, allowed from 14:30; booked 15:00–16:00)"
    )
    const late = t("2026-03-02T17:05:00+08:00")
    expect(redeemWindowRefusal(appt, redeemWindow(appt, offering, late), TZ, late)).toBe(
      "已超过核销时间（预约 15:00–16:00，宽限至 17:00） (redeem_too_late: too late to redeem, the grace ended at 17:00; booked 15:00–16:00)"
    )
    // The night before (the "12 hours early"): the date is named so the wrong day is obvious.
    const eve = t("2026-03-02T03:00:00+08:00") - 12 * 3_600_000
    expect(redeemWindowRefusal(appt, redeemWindow(appt, offering, eve), TZ, eve)).toBe(
      "核销时间未到：可于 3月2日 14:30 起核销（预约 3月2日 15:00–16:00） (redeem_too_early: too early to redeem, allowed from 03-02 14:30; booked 03-02 15:00–16:00)"
    )
    // Another zone's shop reads its own clock: 15:00 Shanghai is 08:00 in Berlin (winter time).
    expect(redeemWindowRefusal(appt, redeemWindow(appt, offering, now), "Europe/Berlin", now)).toContain("可于 07:30 起核销（预约 08:00–09:00）")
    expect(redeemWindowRefusal(appt, redeemWindow(appt, offering, t("2026-03-02T15:10:00+08:00")), TZ, t("2026-03-02T15:10:00+08:00"))).toBeNull()
  })

  it("an evening slot running past midnight names the next day's grace end", () => {
    const night = { start_at: "2026-03-02T23:00:00+08:00", end_at: "2026-03-03T00:30:00+08:00" }
    const now = t("2026-03-03T01:45:00+08:00")
    // Now is already 3 March, so the slot's start (2 March) carries its date, the end is the next day's.
    expect(redeemWindowRefusal(night, redeemWindow(night, offering, now), TZ, now)).toBe(
      "已超过核销时间（预约 3月2日 23:00–3月3日 00:30，宽限至 01:30） (redeem_too_late: too late to redeem, the grace ended at 01:30; booked 03-02 23:00–03-03 00:30)"
    )
  })
})
