/**
 * Chinese phone-number validation and normalisation.
 *
 * Output formats (chosen so that one merchant never appears with two spellings):
 *   mobile    e164 `+8613812345678`   display `+86 138 1234 5678`    national `138 1234 5678`
 *   landline  e164 `+862168888888`    display `+86-21-68888888[-123]` national `021-68888888[-123]`
 *   service   (no e164)               display `400-820-8820`          national `400-820-8820`
 *
 * Landline display follows the `+86-<area without 0>-<local>[-<ext>]` style so the
 * extension has an unambiguous slot; E.164 has no extension field, so it is
 * returned separately in `extension`. 400/800 numbers are not reachable from
 * abroad, hence no E.164 and a domestic-only display.
 *
 * Area codes are split by the national numbering plan rather than by guessing:
 * `010` and `02X` are the only three-digit area codes, every other area code is
 * `0` + three digits (`0571`, `0755`…). That makes `02168888888` and
 * `075523456789` unambiguous even without separators.
 */
import { SingleFieldResult, validationError } from "./errors"

export type PhoneKind = "mobile" | "landline" | "service"

export type NormalizedPhone = {
  kind: PhoneKind
  /** Absent only for 400/800 service numbers. */
  e164?: string
  display: string
  /** Format a domestic caller would dial/print. */
  national: string
  /** Landline extension digits, if any. */
  extension?: string
}

export type PhoneResult = SingleFieldResult<NormalizedPhone>

const MOBILE_RE = /^1[3-9]\d{9}$/
const SERVICE_RE = /^(400|800)\d{7}$/
// Explicit extension markers people type: 转 / 分机 / ext / x / #.
const EXT_MARKER_RE = /\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i

export function normalizePhone(input: string, field = "phone"): PhoneResult {
  const fail = (code: string, zh: string, en: string): PhoneResult => ({
    ok: false,
    error: validationError(field, code, zh, en),
  })
  const invalid = (): PhoneResult =>
    fail(
      "invalid_format",
      "电话号码格式不正确：请填写 11 位手机号、带区号的固定电话（如 021-68888888）或 400/800 号码",
      "Invalid phone number: expected an 11-digit mobile, a landline with area code (e.g. 021-68888888) or a 400/800 number"
    )

  if (typeof input !== "string" || input.trim() === "") {
    return fail("required", "请填写联系电话", "Phone number is required")
  }

  // Full-width digits/plus signs are common from Chinese IMEs; NFKC folds them to ASCII.
  let s = input.normalize("NFKC").trim()

  let extension: string | undefined
  const marker = EXT_MARKER_RE.exec(s)
  if (marker) {
    extension = marker[1]
    s = s.slice(0, marker.index)
  }

  if (/[^\d\s\-+()]/.test(s)) {
    return fail(
      "invalid_charset",
      "电话号码只能包含数字、空格、短横线、括号和开头的 +",
      "Phone number may only contain digits, spaces, hyphens, parentheses and a leading +"
    )
  }

  // Country prefix. A bare "86" is only treated as a prefix when what follows is
  // a complete number on its own, because no national number starts with 86.
  let international = false
  const compact = s.replace(/[\s\-()]/g, "")
  if (/^\+86/.test(compact) || /^0086/.test(compact)) {
    international = true
    s = s.replace(/^\s*\(?\s*(?:\+|00)\s*8\s*6\s*\)?/, "")
  } else if (compact.includes("+")) {
    return fail(
      "unsupported_country",
      "仅支持中国大陆号码（+86）",
      "Only mainland China numbers (+86) are supported"
    )
  } else if (/^86/.test(compact) && looksCompleteNational(compact.slice(2))) {
    international = true
    s = s.replace(/^\s*8\s*6/, "")
  }
  if (s.includes("+")) return invalid()

  // "(0)" after +86 is a common way to show the optional trunk prefix.
  s = s.replace(/^\s*[\s\-]*\(0\)/, "0")
  const groups = s.split(/[\s\-()]+/).filter((g) => g !== "")
  let digits = groups.join("")
  if (digits === "") return invalid()

  if (MOBILE_RE.test(digits)) {
    if (extension) {
      return fail("invalid_extension", "手机号不能带分机号", "A mobile number cannot have an extension")
    }
    const national = `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`
    return { ok: true, kind: "mobile", e164: `+86${digits}`, display: `+86 ${national}`, national }
  }

  if (SERVICE_RE.test(digits)) {
    if (extension) {
      return fail("invalid_extension", "400/800 号码不能带分机号", "A 400/800 number cannot have an extension")
    }
    const national = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`
    return { ok: true, kind: "service", display: national, national }
  }

  // Landline. After +86 the trunk 0 is normally dropped; put it back so both
  // spellings go through one code path.
  if (international && !digits.startsWith("0")) {
    digits = "0" + digits
    groups[0] = "0" + groups[0]
  }
  if (!digits.startsWith("0")) {
    if (/^1\d*$/.test(digits)) {
      return fail(
        "invalid_mobile",
        "手机号应为 11 位且以 13–19 开头",
        "Mobile numbers must be 11 digits starting with 13–19"
      )
    }
    return fail(
      "missing_area_code",
      "固定电话需要填写区号，例如 021-68888888",
      "Landline numbers need an area code, e.g. 021-68888888"
    )
  }

  const areaLen = /^0[12]/.test(digits) ? 3 : 4
  const area = digits.slice(0, areaLen)
  if (!/^0(10|2\d|[3-9]\d{2})$/.test(area)) {
    return fail(
      "invalid_area_code",
      `区号 ${area} 无效`,
      `Invalid area code ${area}`
    )
  }

  let local = digits.slice(areaLen)
  if (local.length > 8 && !extension) {
    // Without an explicit marker, an extension is only recognised as the last
    // separated group following a complete 7–8 digit local number; a long run
    // of digits is too ambiguous to split.
    const last = groups[groups.length - 1]
    const before = digits.slice(areaLen, digits.length - last.length)
    if (groups.length > 1 && before.length >= 7 && before.length <= 8 && last.length <= 6) {
      extension = last
      local = before
    }
  }
  if (local.length < 7 || local.length > 8) {
    return fail(
      "invalid_length",
      `固定电话号码（不含区号）应为 7–8 位，当前为 ${local.length} 位`,
      `Landline local number (without area code) must be 7–8 digits, got ${local.length}`
    )
  }
  if (!/^[2-9]/.test(local)) {
    return fail(
      "invalid_format",
      "固定电话号码（不含区号）不能以 0 或 1 开头",
      "Landline local number (without area code) cannot start with 0 or 1"
    )
  }

  const extSuffix = extension ? `-${extension}` : ""
  return {
    ok: true,
    kind: "landline",
    e164: `+86${area.slice(1)}${local}`,
    display: `+86-${area.slice(1)}-${local}${extSuffix}`,
    national: `${area}-${local}${extSuffix}`,
    ...(extension ? { extension } : {}),
  }
}

/** Whether digits (after a possible bare "86") are a full number without trunk 0. */
function looksCompleteNational(rest: string): boolean {
  return MOBILE_RE.test(rest) || /^(10|2\d)[2-9]\d{6,7}$/.test(rest) || /^[3-9]\d{2}[2-9]\d{6,7}$/.test(rest)
}
