import { alipayTime, parseTradeRef, refundRequestNo, rfc3339Beijing, sheetText, timeoutExpress, tradeDeadline, tradeRef } from "../trade"

const NOW = Date.parse("2025-06-01T04:00:00.400Z") // 12:00:00.4 in Beijing

describe("trade deadline", () => {
  it("is the hold's expiry when that comes first, else two hours, in whole seconds rounded down", () => {
    expect(tradeDeadline("2025-06-01T04:10:30.900Z", NOW).toISOString()).toBe("2025-06-01T04:10:30.000Z")
    expect(tradeDeadline(undefined, NOW).toISOString()).toBe("2025-06-01T06:00:00.000Z")
    expect(tradeDeadline("2099-01-01T00:00:00Z", NOW).toISOString()).toBe("2025-06-01T06:00:00.000Z")
  })

  it("refuses a hold that is about to run out or already has, and a deadline that is not a time", () => {
    expect(() => tradeDeadline("2025-06-01T04:00:59Z", NOW)).toThrow(/预约保留即将到期.*about to expire/)
    expect(() => tradeDeadline("2025-06-01T03:00:00Z", NOW)).toThrow(/about to expire/)
    expect(() => tradeDeadline("next tuesday", NOW)).toThrow(/not a time/)
  })

  it("is written the way each gateway wants it, in Beijing time", () => {
    const d = new Date("2025-06-01T16:05:09Z")
    expect(rfc3339Beijing(d)).toBe("2025-06-02T00:05:09+08:00")
    expect(alipayTime(d)).toBe("2025-06-02 00:05:09")
    // Relative minutes never end after the absolute time.
    expect(timeoutExpress(new Date(NOW + 10 * 60_000 - 1), NOW)).toBe("9m")
    expect(timeoutExpress(new Date(NOW + 10 * 60_000), NOW)).toBe("10m")
  })
})

describe("refund request number", () => {
  it("depends on the trade, the refunds accepted before it and the amount, nothing else", () => {
    const a = refundRequestNo("01JZ8X4W3V2T1S0R9Q8P7N6M5K", 0, 501)
    expect(a).toBe("01JZ8X4W3V2T1S0R9Q8P7N6M5K_R1_501")
    expect(refundRequestNo("01JZ8X4W3V2T1S0R9Q8P7N6M5K", 0, 501)).toBe(a)
    expect(refundRequestNo("01JZ8X4W3V2T1S0R9Q8P7N6M5K", 1, 501)).not.toBe(a)
    expect(refundRequestNo("01JZ8X4W3V2T1S0R9Q8P7N6M5K", 0, 502)).not.toBe(a)
  })

  it("fits both gateways' 64 characters and charsets even for the longest trade and amount", () => {
    const no = refundRequestNo("A".repeat(32), 999, Number.MAX_SAFE_INTEGER)
    expect(no.length).toBeLessThanOrEqual(64)
    expect(no).toMatch(/^[0-9A-Za-z_]+$/)
    expect(() => refundRequestNo("bad-no!", 0, 1)).toThrow(/out_trade_no/)
    expect(() => refundRequestNo("01JZ8X4W3V", 0, 0)).toThrow(/amount/)
  })
})

describe("payment sheet text", () => {
  it("names the shop and what is bought, counting units", () => {
    expect(sheetText("老王火锅", [{ title: "双人火锅套餐", quantity: 2 }])).toBe("老王火锅 · 双人火锅套餐等2件")
    expect(sheetText("老王火锅", [{ title: "双人火锅套餐", quantity: 1 }, { title: "酸梅汤", quantity: 1 }])).toBe("老王火锅 · 双人火锅套餐等2件")
    expect(sheetText("老王火锅", [{ title: "双人火锅套餐", quantity: 1 }])).toBe("老王火锅 · 双人火锅套餐")
    expect(sheetText("老王火锅", [])).toBe("老王火锅")
  })

  it("is nothing without a shop (the provider's default stands) and carries no control characters", () => {
    expect(sheetText(null, [{ title: "x", quantity: 1 }])).toBeUndefined()
    expect(sheetText("  ", [{ title: "x", quantity: 1 }])).toBeUndefined()
    expect(sheetText("老王\n火锅", [{ title: "套餐\t A", quantity: 1 }])).toBe("老王 火锅 · 套餐 A")
  })
})

describe("trade reference", () => {
  it("carries the session and its payment collection, within WeChat's 128 characters", () => {
    const ref = tradeRef("payses_01JZ8X4W3V2T1S0R9Q8P7N6M5K", "pay_col_01JZ8X4W3V2T1S0R9Q8P7N6M5K")
    expect(ref.length).toBeLessThanOrEqual(128)
    expect(parseTradeRef(ref)).toEqual({ session_id: "payses_01JZ8X4W3V2T1S0R9Q8P7N6M5K", payment_collection_id: "pay_col_01JZ8X4W3V2T1S0R9Q8P7N6M5K" })
  })

  it("reads a session id alone (trades opened before) and ignores anything malformed", () => {
    expect(tradeRef("payses_01ABC", undefined)).toBe("payses_01ABC")
    expect(tradeRef("payses_01ABC", "免费")).toBe("payses_01ABC")
    expect(parseTradeRef("payses_01ABC")).toEqual({ session_id: "payses_01ABC" })
    expect(parseTradeRef("payses_01ABC|cart_01X")).toEqual({ session_id: "payses_01ABC" })
    expect(parseTradeRef(undefined)).toEqual({})
    expect(parseTradeRef("pay_col_01X")).toEqual({})
  })
})
