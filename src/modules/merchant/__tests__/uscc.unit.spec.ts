import {
  USCC_CHARSET,
  computeOrgCodeCheckChar,
  computeUSCCCheckChar,
  isValidUSCC,
  makeValidUSCC,
  validateUSCC,
} from "../utils/uscc"

// Real codes found published online. Each one was checked with this
// implementation *and* independently (python-stdnum's test data / hand sums);
// they cover enterprise "91", individual business "92", public institution "12",
// "MA…" and "L…" organisation segments and an "X" org check char.
const REAL_CODES = [
  "91350100M000100Y43",
  "91110000600037341L",
  "9144030071526726XG",
  "91310115MA1K3BTP2B",
  "92340603MA2PBMYMX1",
  "121200004013590816",
  "91620105L015101280",
  "91340600MA2PBM9HXD",
]

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const weightedSum = (s: string) => [...s].reduce((sum, ch, i) => sum + USCC_CHARSET.indexOf(ch) * WEIGHTS[i], 0)

describe("validateUSCC", () => {
  it.each(REAL_CODES)("accepts real published code %s", (code) => {
    expect(validateUSCC(code)).toEqual({ ok: true, normalized: code })
  })

  it("matches hand-computed check characters for 91350100M000100Y43", () => {
    // Org code M000100Y (GB 11714 values M=22, Y=34):
    // 22·3 + 1·5 + 34·2 = 139; 139 mod 11 = 7; 11 − 7 = 4.
    expect(computeOrgCodeCheckChar("M000100Y")).toBe("4")
    // Overall (USCC values M=21, Y=30): 9+3+27+135+26+420+8+900+112 = 1640;
    // 1640 mod 31 = 28; 31 − 28 = 3.
    expect(weightedSum("91350100M000100Y4")).toBe(1640)
    expect(computeUSCCCheckChar("91350100M000100Y4")).toBe("3")
  })

  it("matches hand-computed check characters for 91110000600037341L", () => {
    // 6·3 + 3·5 + 7·8 + 3·4 + 4·2 = 109; 109 mod 11 = 10; 11 − 10 = 1.
    expect(computeOrgCodeCheckChar("60003734")).toBe("1")
    // Sum 538; 538 mod 31 = 11; 31 − 11 = 20 → "L".
    expect(weightedSum("91110000600037341")).toBe(538)
    expect(computeUSCCCheckChar("91110000600037341")).toBe("L")
  })

  it("rejects a wrong overall check character", () => {
    const r = validateUSCC("91350100M000100Y44")
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error).toMatchObject({ field: "uscc", code: "invalid_checksum" })
      expect(r.error.message).toContain("第 18 位")
      expect(r.error.message_en).toContain("position 18")
    }
  })

  it("rejects a bad organisation-code check char even if the overall check matches", () => {
    const first17 = "91350100M000100Y5" // org check should be 4
    const code = first17 + computeUSCCCheckChar(first17)
    const r = validateUSCC(code)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe("invalid_org_code_checksum")
    // The check can be switched off if a real-world code ever needs it.
    expect(validateUSCC(code, { checkOrgCode: false })).toEqual({ ok: true, normalized: code })
  })

  it("normalises lowercase, surrounding whitespace and grouping separators", () => {
    expect(validateUSCC("  91350100m000100y43 ")).toEqual({ ok: true, normalized: "91350100M000100Y43" })
    expect(validateUSCC("91 110000 600037341-l")).toEqual({ ok: true, normalized: "91110000600037341L" })
  })

  it.each([
    ["91350100M000100Y4", 17],
    ["91350100M000100Y433", 19],
    ["9135", 4],
  ])("rejects wrong length %s", (code, len) => {
    const r = validateUSCC(code)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe("invalid_length")
      expect(r.error.message).toContain(`${len} 位`)
      expect(r.error.message_en).toContain(`got ${len}`)
    }
  })

  it("reports empty input as required", () => {
    for (const input of ["", "   "]) {
      const r = validateUSCC(input)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error).toMatchObject({ field: "uscc", code: "required" })
    }
    const r = validateUSCC(undefined as unknown as string)
    expect(r.ok).toBe(false)
  })

  it.each(["I", "O", "Z", "S", "V"])("rejects forbidden letter %s", (letter) => {
    const code = "91350100" + letter + "000100Y43"
    const r = validateUSCC(code)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe("invalid_charset")
      expect(r.error.message).toContain(`字母 ${letter}`)
      expect(r.error.message_en).toContain(`position 9`)
    }
  })

  it("rejects punctuation and non-ASCII characters", () => {
    const r = validateUSCC("91350100M00010!Y43")
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe("invalid_charset")
    expect(validateUSCC("91350100M000100Y4三").ok).toBe(false)
  })

  it("rejects a non-digit administrative division code", () => {
    // A is in the charset, so only the division rule can reject it.
    const first17 = "913A0100M000100Y4"
    const r = validateUSCC(first17 + computeUSCCCheckChar(first17))
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe("invalid_division_code")
      expect(r.error.message).toContain("第 3–8 位")
    }
  })

  it("uses the given field name", () => {
    const r = validateUSCC("bad", { field: "licence_code" })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.field).toBe("licence_code")
  })
})

describe("computeUSCCCheckChar", () => {
  it("maps remainder 0 to '0' (31 → 0) and remainder 1 to 'Y'", () => {
    // Search digit-only prefixes for the two edge remainders.
    const found: Record<number, string> = {}
    for (let n = 0; n < 5000 && (found[0] === undefined || found[1] === undefined); n++) {
      const s = "91310115" + String(n).padStart(9, "0")
      const rem = weightedSum(s) % 31
      if ((rem === 0 || rem === 1) && found[rem] === undefined) found[rem] = s
    }
    expect(computeUSCCCheckChar(found[0])).toBe("0")
    expect(computeUSCCCheckChar(found[1])).toBe("Y")
  })

  it("rejects input that is not 17 charset characters", () => {
    expect(() => computeUSCCCheckChar("123")).toThrow(RangeError)
    expect(() => computeUSCCCheckChar("91350100I000100Y4")).toThrow(/position 9/)
  })
})

describe("computeOrgCodeCheckChar", () => {
  it("maps 10 to X and 11 to 0", () => {
    expect(computeOrgCodeCheckChar("71526726")).toBe("X") // Tencent's org code 71526726-X
    expect(computeOrgCodeCheckChar("00000000")).toBe("0") // sum 0 → 11 → "0"
  })
})

describe("makeValidUSCC", () => {
  it("produces valid, distinct codes deterministically", () => {
    const codes = Array.from({ length: 500 }, (_, i) => makeValidUSCC(i))
    for (const code of codes) {
      expect(code).toHaveLength(18)
      expect(isValidUSCC(code)).toBe(true)
      // The org-code check must hold on its own, not only via validateUSCC.
      expect(code[16]).toBe(computeOrgCodeCheckChar(code.slice(8, 16)))
    }
    expect(new Set(codes).size).toBe(codes.length)
    expect(makeValidUSCC(42)).toBe(makeValidUSCC(42))
  })

  it("rejects invalid seeds", () => {
    expect(() => makeValidUSCC(-1)).toThrow(RangeError)
    expect(() => makeValidUSCC(1.5)).toThrow(RangeError)
    expect(() => makeValidUSCC(Number.NaN)).toThrow(RangeError)
  })

  it("stays valid for very large seeds", () => {
    expect(isValidUSCC(makeValidUSCC(Number.MAX_SAFE_INTEGER))).toBe(true)
  })
})
