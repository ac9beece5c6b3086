import { normalizePhone } from "../utils/phone"

function ok(input: string) {
  const r = normalizePhone(input)
  if (!r.ok) throw new Error(`expected ${input} to be valid, got ${r.error.code}: ${r.error.message_en}`)
  return r
}

function err(input: string) {
  const r = normalizePhone(input)
  if (r.ok) throw new Error(`expected ${input} to be rejected, got ${r.display}`)
  return r.error
}

describe("normalizePhone — mobile", () => {
  it.each([
    "13812345678",
    "138 1234 5678",
    "138-1234-5678",
    "+8613812345678",
    "+86 138 1234 5678",
    "+86-138-1234-5678",
    "(+86) 138 1234 5678",
    "8613812345678",
    "86 138 1234 5678",
    "0086 13812345678",
    "１３８１２３４５６７８", // full-width digits from a Chinese IME
  ])("normalises %s", (input) => {
    expect(ok(input)).toEqual({
      ok: true,
      kind: "mobile",
      e164: "+8613812345678",
      display: "+86 138 1234 5678",
      national: "138 1234 5678",
    })
  })

  it("accepts every 13–19 prefix", () => {
    for (const p of ["13", "14", "15", "16", "17", "18", "19"]) {
      expect(ok(`${p}912345678`).e164).toBe(`+86${p}912345678`)
    }
  })

  it("rejects 12x numbers and wrong lengths with a mobile-specific message", () => {
    for (const input of ["12812345678", "1381234567", "138123456789"]) {
      const e = err(input)
      expect(e).toMatchObject({ field: "phone", code: "invalid_mobile" })
      expect(e.message).toContain("11 位")
    }
  })

  it("rejects an extension on a mobile number", () => {
    expect(err("13812345678 转 123").code).toBe("invalid_extension")
  })
})

describe("normalizePhone — landline", () => {
  it.each([
    ["021-68888888", "+862168888888", "+86-21-68888888", "021-68888888"],
    ["021 6888 8888", "+862168888888", "+86-21-68888888", "021-68888888"],
    ["02168888888", "+862168888888", "+86-21-68888888", "021-68888888"],
    ["(021) 6888-8888", "+862168888888", "+86-21-68888888", "021-68888888"],
    ["+86 21 6888 8888", "+862168888888", "+86-21-68888888", "021-68888888"],
    ["+86 (0)21 6888 8888", "+862168888888", "+86-21-68888888", "021-68888888"],
    ["+86 021 68888888", "+862168888888", "+86-21-68888888", "021-68888888"],
    ["86 21 68888888", "+862168888888", "+86-21-68888888", "021-68888888"],
    ["010-62345678", "+861062345678", "+86-10-62345678", "010-62345678"],
    ["0755-23456789", "+8675523456789", "+86-755-23456789", "0755-23456789"],
    ["075523456789", "+8675523456789", "+86-755-23456789", "0755-23456789"],
    ["0571-8765432", "+865718765432", "+86-571-8765432", "0571-8765432"], // 7-digit local number
  ])("normalises %s", (input, e164, display, national) => {
    const r = ok(input)
    expect(r).toMatchObject({ kind: "landline", e164, display, national })
    expect(r.extension).toBeUndefined()
  })

  it.each([
    ["021-68888888-123", "123"],
    ["021-6888-8888-123", "123"],
    ["021 68888888 转 8001", "8001"],
    ["021-68888888 ext. 42", "42"],
    ["021-68888888#5", "5"],
    ["+86 21 6888 8888 x 123456", "123456"],
  ])("keeps the extension of %s", (input, ext) => {
    const r = ok(input)
    expect(r.extension).toBe(ext)
    expect(r.display).toBe(`+86-21-68888888-${ext}`)
    expect(r.national).toBe(`021-68888888-${ext}`)
    // E.164 has no extension slot.
    expect(r.e164).toBe("+862168888888")
  })

  it("rejects extensions longer than 6 digits", () => {
    expect(err("021-68888888-1234567").code).toBe("invalid_length")
  })

  it("requires an area code", () => {
    const e = err("68888888")
    expect(e).toMatchObject({ field: "phone", code: "missing_area_code" })
    expect(e.message).toContain("区号")
  })

  it("rejects impossible area codes", () => {
    const e = err("013-68888888")
    expect(e.code).toBe("invalid_area_code")
    expect(e.message).toContain("013")
  })

  it("rejects local numbers of the wrong length", () => {
    const e = err("021-688888")
    expect(e.code).toBe("invalid_length")
    expect(e.message_en).toContain("got 6")
    expect(err("021-688888888").code).toBe("invalid_length")
  })

  it("rejects local numbers starting with 0 or 1", () => {
    expect(err("021-18888888").code).toBe("invalid_format")
  })
})

describe("normalizePhone — service numbers", () => {
  it.each(["400-820-8820", "4008208820", "400 820 8820"])("normalises %s", (input) => {
    const r = ok(input)
    expect(r).toEqual({ ok: true, kind: "service", display: "400-820-8820", national: "400-820-8820" })
    expect(r.e164).toBeUndefined()
  })

  it("handles 800 numbers", () => {
    expect(ok("800-810-8888")).toMatchObject({ kind: "service", display: "800-810-8888" })
  })

  it("rejects a 400 number with the wrong length", () => {
    expect(normalizePhone("400-820-882").ok).toBe(false)
  })
})

describe("normalizePhone — invalid input", () => {
  it("reports empty input as required", () => {
    expect(err("")).toMatchObject({ field: "phone", code: "required" })
    expect(err("   ").code).toBe("required")
  })

  it("rejects letters and other symbols", () => {
    const e = err("138-abcd-5678")
    expect(e.code).toBe("invalid_charset")
    expect(e.message_en).toMatch(/only contain digits/)
  })

  it("rejects foreign country codes", () => {
    expect(err("+1 415 555 0100").code).toBe("unsupported_country")
    expect(err("+852 2123 4567").code).toBe("unsupported_country")
  })

  it("uses the given field name and always provides both languages", () => {
    const r = normalizePhone("abc", "contact_phone")
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.field).toBe("contact_phone")
      expect(r.error.message).toMatch(/[\u4e00-\u9fff]/)
      expect(r.error.message_en).toMatch(/[A-Za-z]/)
    }
  })
})
