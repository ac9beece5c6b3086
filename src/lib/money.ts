import { MedusaError } from "@medusajs/framework/utils"

/**
 * Yuan ⇄ fen conversions for the payment gateways. Medusa keeps amounts as decimal numbers in the
 * major unit (19.99), WeChat Pay wants integer fen (1999) and Alipay a "19.99" string. Everything here
 * works on decimal digit strings: a float multiplication (19.99 * 100 = 1998.9999999999998) is exactly
 * the off-by-one-fen bug a payment must never have.
 */

const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER)

/** Anything Medusa hands a provider as an amount: number, numeric string, BigNumber or its raw form. */
export type AmountLike =
  | number
  | string
  | bigint
  | { toString(): string }
  | { value: string | number; precision?: number }
  | null
  | undefined

/** Plain decimal text ("19.99", "-0.5", "1e-7" expanded) for whatever Medusa gives us. */
export function decimalText(amount: AmountLike): string {
  if (amount === null || amount === undefined) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "支付金额缺失 (amount is missing)")
  }
  let text: string
  if (typeof amount === "number") {
    if (!Number.isFinite(amount)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `支付金额无效 (amount is not a finite number: ${amount})`)
    }
    // The shortest round-trip form: 19.99 prints as "19.99", not its binary approximation.
    text = String(amount)
  } else if (typeof amount === "bigint" || typeof amount === "string") {
    text = String(amount)
  } else if (typeof amount === "object" && "numeric" in (amount as any) && (amount as any).raw?.value !== undefined) {
    // Medusa's BigNumber keeps the exact decimal in raw.value.
    text = String((amount as any).raw.value)
  } else if (typeof amount === "object" && "value" in (amount as any) && !("toFixed" in (amount as any))) {
    text = String((amount as any).value)
  } else if (typeof amount === "object" && typeof (amount as any).toFixed === "function") {
    // bignumber.js prints without exponent through toFixed().
    text = (amount as any).toFixed()
  } else {
    text = String(amount)
  }
  text = text.trim()
  const exp = /^([+-]?)(\d+)(?:\.(\d*))?e([+-]?\d+)$/i.exec(text)
  if (exp) text = expandExponent(exp[1], exp[2], exp[3] ?? "", Number(exp[4]))
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `支付金额格式无效 (amount "${text}" is not a decimal number)`)
  }
  return text
}

function expandExponent(sign: string, int: string, frac: string, e: number): string {
  let digits = int + frac
  let point = int.length + e
  if (point <= 0) {
    digits = "0".repeat(1 - point) + digits
    point = 1
  } else if (point > digits.length) {
    digits = digits + "0".repeat(point - digits.length)
  }
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/**
 * Medusa amount (yuan) → integer fen. Sub-fen remainders (a percentage discount can leave 33.3333…)
 * are rounded half-up, which is what the storefront showed the customer; negative amounts and
 * amounts beyond JavaScript's safe integers are refused.
 */
export function toFen(amount: AmountLike): number {
  const text = decimalText(amount)
  if (text.startsWith("-")) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `支付金额不能为负数 (amount must not be negative: ${text})`)
  }
  const [intPart, fracPart = ""] = text.replace(/^\+/, "").split(".")
  const frac = (fracPart + "000").slice(0, 3)
  let fen = BigInt(intPart || "0") * 100n + BigInt(frac.slice(0, 2))
  const rest = fracPart.slice(2)
  if (rest.length && rest[0] >= "5") fen += 1n
  if (fen > MAX_FEN) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `支付金额过大 (amount ${text} is too large)`)
  }
  return Number(fen)
}

/** Integer fen → "19.99": Alipay's total_amount / refund_amount and Medusa's amount input. */
export function fenToYuan(fen: number | bigint): string {
  const n = BigInt(fen)
  if (n < 0n) throw new MedusaError(MedusaError.Types.INVALID_DATA, `金额不能为负数 (negative fen: ${fen})`)
  if (typeof fen === "number" && !Number.isSafeInteger(fen)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `分必须是整数 (fen must be a whole number: ${fen})`)
  }
  const s = n.toString().padStart(3, "0")
  return `${s.slice(0, -2)}.${s.slice(-2)}`
}

/** Strict parse of a gateway's yuan string ("0.01", "1234567.89", "12.3", "88") into fen. */
export function yuanToFen(yuan: string): number {
  if (typeof yuan !== "string" || !/^\d{1,13}(\.\d{1,2})?$/.test(yuan.trim())) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `金额格式无效 (not a yuan amount with at most 2 decimals: "${yuan}")`)
  }
  const [i, f = ""] = yuan.trim().split(".")
  return Number(BigInt(i) * 100n + BigInt((f + "00").slice(0, 2)))
}

/** Alipay-style amount text for a Medusa amount: toFen then back, so both ends agree to the fen. */
export function toYuanString(amount: AmountLike): string {
  return fenToYuan(toFen(amount))
}
