/**
 * 统一社会信用代码 (Unified Social Credit Code, GB 32100-2015).
 *
 * Layout (1-based positions):
 *   1      registration-authority code
 *   2      organisation-type code
 *   3–8    administrative division code (GB/T 2260, digits only)
 *   9–17   organisation code (GB 11714: 8 body chars + its own check char at 17)
 *   18     overall check char
 *
 * Positions 1–2 are only charset-checked: the authority/type matrix changes over
 * time and a stale table would reject legitimately issued codes.
 *
 * The GB 11714 check at position 17 is enforced. It was verified against ~60
 * real published codes (企业 "91…", 个体工商户 "92…", 事业单位 "12…", the newer
 * "MA…" organisation segments and an "L…" segment) and all of them pass, so it
 * catches extra typos without rejecting real merchants. If a real code ever
 * fails only this check, callers can pass `{ checkOrgCode: false }` rather than
 * weakening the default.
 */
import { SingleFieldResult, validationError } from "./errors"

/** GB 32100 charset; the index of a char is its numeric value. No I, O, Z, S, V. */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const
const FORBIDDEN_LETTERS = ["I", "O", "Z", "S", "V"]

export type USCCResult = SingleFieldResult<{ normalized: string }>
export type USCCOptions = {
  /** Error `field` path; defaults to `uscc`. */
  field?: string
  /** Enforce the GB 11714 organisation-code check char at position 17 (default true). */
  checkOrgCode?: boolean
}

function usccValue(ch: string): number {
  return USCC_CHARSET.indexOf(ch)
}

/**
 * GB 11714 values differ from the USCC ones for letters: there every letter
 * A–Z counts (A=10 … Z=35) because the older standard did not drop I/O/S/V/Z.
 */
function orgCodeValue(ch: string): number {
  const code = ch.charCodeAt(0)
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 65 && code <= 90) return code - 55
  return -1
}

/** Check char for an 8-char GB 11714 organisation-code body. */
export function computeOrgCodeCheckChar(body8: string): string {
  if (body8.length !== 8) throw new RangeError("organisation code body must be 8 characters")
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const v = orgCodeValue(body8[i])
    if (v < 0) throw new RangeError(`invalid organisation code character ${JSON.stringify(body8[i])}`)
    sum += v * ORG_CODE_WEIGHTS[i]
  }
  const c = 11 - (sum % 11)
  if (c === 10) return "X"
  if (c === 11) return "0"
  return String(c)
}

/** Overall (position 18) check char for the first 17 chars of a USCC. */
export function computeUSCCCheckChar(first17: string): string {
  const s = first17.toUpperCase()
  if (s.length !== 17) throw new RangeError("computeUSCCCheckChar expects exactly 17 characters")
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = usccValue(s[i])
    if (v < 0) throw new RangeError(`invalid USCC character ${JSON.stringify(s[i])} at position ${i + 1}`)
    sum += v * USCC_WEIGHTS[i]
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]
}

/**
 * Validate and normalise a USCC. Normalisation trims, upper-cases and drops
 * inner spaces/hyphens, because codes are routinely copied from licences
 * printed in groups (e.g. `91 110000 600037341L`).
 */
export function validateUSCC(code: string, options: USCCOptions = {}): USCCResult {
  const field = options.field ?? "uscc"
  const checkOrgCode = options.checkOrgCode ?? true
  const fail = (c: string, zh: string, en: string): USCCResult => ({
    ok: false,
    error: validationError(field, c, zh, en),
  })

  if (typeof code !== "string" || code.trim() === "") {
    return fail("required", "请填写统一社会信用代码", "Unified social credit code is required")
  }
  const normalized = code.trim().toUpperCase().replace(/[\s-]+/g, "")

  if (normalized.length !== 18) {
    return fail(
      "invalid_length",
      `统一社会信用代码应为 18 位，当前为 ${normalized.length} 位`,
      `Unified social credit code must be 18 characters, got ${normalized.length}`
    )
  }

  for (let i = 0; i < 18; i++) {
    const ch = normalized[i]
    if (usccValue(ch) < 0) {
      const forbidden = FORBIDDEN_LETTERS.includes(ch)
      return fail(
        "invalid_charset",
        forbidden
          ? `统一社会信用代码第 ${i + 1} 位不能使用字母 ${ch}（不使用 I、O、Z、S、V）`
          : `统一社会信用代码第 ${i + 1} 位包含非法字符 ${JSON.stringify(ch)}`,
        forbidden
          ? `Unified social credit code position ${i + 1}: letter ${ch} is not allowed (I, O, Z, S, V are never used)`
          : `Unified social credit code position ${i + 1}: invalid character ${JSON.stringify(ch)}`
      )
    }
  }

  if (!/^\d{6}$/.test(normalized.slice(2, 8))) {
    return fail(
      "invalid_division_code",
      "统一社会信用代码第 3–8 位（登记管理机关行政区划码）必须为 6 位数字",
      "Unified social credit code positions 3–8 (administrative division code) must be 6 digits"
    )
  }

  if (checkOrgCode) {
    const expectedOrg = computeOrgCodeCheckChar(normalized.slice(8, 16))
    if (normalized[16] !== expectedOrg) {
      return fail(
        "invalid_org_code_checksum",
        "统一社会信用代码第 9–17 位（组织机构代码）校验位不正确，请核对营业执照",
        "Unified social credit code positions 9–17 (organisation code) have an invalid check character; please re-check the business licence"
      )
    }
  }

  const expected = computeUSCCCheckChar(normalized.slice(0, 17))
  if (normalized[17] !== expected) {
    return fail(
      "invalid_checksum",
      "统一社会信用代码校验位（第 18 位）不正确，请核对营业执照",
      "Unified social credit code check character (position 18) is incorrect; please re-check the business licence"
    )
  }

  return { ok: true, normalized }
}

/** Convenience for callers that only need a boolean. */
export function isValidUSCC(code: string, options?: USCCOptions): boolean {
  return validateUSCC(code, options).ok
}

// Real division codes so that seeded data looks plausible in admin UIs.
const SEED_DIVISIONS = ["310115", "110105", "440305", "330106", "510107", "320505", "350102", "420106"] as const
const SEED_BODY_CHARS = USCC_CHARSET.length // 31
const SEED_BODY_SPACE = SEED_BODY_CHARS ** 6 // 6 free base-31 chars after the "MA" prefix

/**
 * Deterministic, fully valid (both check chars) USCC for tests and demo data.
 *
 * The seed is pushed through an affine map modulo 31^6 (the multiplier is
 * coprime to 31, so the map is a bijection): distinct seeds in
 * [0, 887 503 681) always give distinct codes, while neighbouring seeds do not
 * produce visibly sequential codes. "MA" mirrors the prefix used for newly
 * issued organisation codes, and guarantees letters are exercised.
 */
export function makeValidUSCC(seed: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError("makeValidUSCC seed must be a non-negative safe integer")
  }
  // Reduce first so the multiplication stays within the safe-integer range.
  let n = ((seed % SEED_BODY_SPACE) * 48271 + 1234567) % SEED_BODY_SPACE
  let tail = ""
  for (let i = 0; i < 6; i++) {
    tail = USCC_CHARSET[n % SEED_BODY_CHARS] + tail
    n = Math.floor(n / SEED_BODY_CHARS)
  }
  const division = SEED_DIVISIONS[seed % SEED_DIVISIONS.length]
  const orgBody = "MA" + tail
  const first17 = "91" + division + orgBody + computeOrgCodeCheckChar(orgBody)
  return first17 + computeUSCCCheckChar(first17)
}
