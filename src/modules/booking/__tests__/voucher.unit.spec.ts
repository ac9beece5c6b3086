import {
  customerVoucherActions,
  isVoucherCode,
  isVoucherQr,
  newVoucherCode,
  parseVoucherQr,
  splitFen,
  verifyVoucherQr,
  voucherDisplayStatus,
  voucherQrPayload,
  voucherRules,
} from "../utils/voucher"
import { parseQrPayload, qrPayload, verifyQrSignature } from "../utils/redemption"

describe("voucher codes and QR payloads", () => {
  it("draws 12-digit codes without a leading zero, told apart from 8-digit appointment codes", () => {
    const codes = Array.from({ length: 2000 }, newVoucherCode)
    expect(codes.every((c) => /^[1-9]\d{11}$/.test(c))).toBe(true)
    expect(new Set(codes).size).toBe(codes.length)
    expect(isVoucherCode("1234 5678 9012")).toBe(true)
    expect(isVoucherCode("12345678")).toBe(false)
  })

  it("signs a QR that names the voucher, refuses a forged one and never passes for an appointment's", () => {
    const v = { id: "vch_01ABC", merchant_id: "mer_1", code: "123456789012" }
    const qr = voucherQrPayload(v)
    expect(isVoucherQr(qr)).toBe(true)
    expect(qr).not.toContain(v.code)
    const parsed = parseVoucherQr(qr)!
    expect(parsed.voucher_id).toBe(v.id)
    expect(verifyVoucherQr(v, parsed.signature)).toBe(true)
    expect(verifyVoucherQr({ ...v, merchant_id: "mer_2" }, parsed.signature)).toBe(false)
    expect(verifyVoucherQr(v, parsed.signature.slice(0, -1) + "A")).toBe(false)
    // The appointment parser does not accept it, and an appointment QR is not a voucher's.
    expect(parseQrPayload(qr)).toBeNull()
    const appt = qrPayload({ id: "appt_01ABC", merchant_id: "mer_1", code: "12345678" })
    expect(isVoucherQr(appt)).toBe(false)
    expect(parseVoucherQr(appt)).toBeNull()
    expect(verifyQrSignature({ id: "appt_01ABC", merchant_id: "mer_1", code: "12345678" }, parseQrPayload(appt)!.signature)).toBe(true)
  })
})

describe("voucher rules and amounts", () => {
  it("reads a product's rules with the defaults: 90 days, 随时退, 过期退", () => {
    expect(voucherRules(null)).toEqual({ valid_days: 90, refundable: true, refund_on_expiry: true })
    expect(voucherRules({ voucher_valid_days: 30, voucher_refundable: false, voucher_refund_on_expiry: false })).toEqual({
      valid_days: 30,
      refundable: false,
      refund_on_expiry: false,
    })
    expect(voucherRules({ voucher_valid_days: 0 }).valid_days).toBe(90)
    expect(voucherRules({ voucher_valid_days: 2.5 }).valid_days).toBe(90)
  })

  it("splits a line's paid fen exactly over its units", () => {
    expect(splitFen(35600, 2)).toEqual([17800, 17800])
    // ¥100 paid for three: 33.34 + 33.33 + 33.33.
    expect(splitFen(10000, 3)).toEqual([3334, 3333, 3333])
    expect(splitFen(1, 3)).toEqual([1, 0, 0])
  })

  it("offers a refund only while unused, unexpired and refundable; past its time it reads as expired", () => {
    const now = Date.parse("2026-12-03T00:00:00Z")
    const live = { status: "unused", expires_at: "2026-12-04T00:00:00Z", refundable: true }
    expect(customerVoucherActions(live, now)).toEqual(["refund"])
    expect(customerVoucherActions({ ...live, refundable: false }, now)).toEqual([])
    expect(customerVoucherActions({ ...live, status: "redeemed" }, now)).toEqual([])
    const past = { ...live, expires_at: "2026-12-02T00:00:00Z" }
    expect(customerVoucherActions(past, now)).toEqual([])
    expect(voucherDisplayStatus(past, now)).toBe("expired")
    expect(voucherDisplayStatus(live, now)).toBe("unused")
  })
})
