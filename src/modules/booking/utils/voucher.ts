import crypto from "node:crypto"
import { secret } from "./redemption"

// A different prefix from appointments' TCB1: the check-in route tells the two apart before any lookup,
// and the signed text differs, so an appointment signature can never pass for a voucher's.
const VOUCHER_QR_PREFIX = "TCV1"

export const VOUCHER_CODE_LENGTH = 12
export const DEFAULT_VOUCHER_VALID_DAYS = 90
export const MAX_VOUCHER_VALID_DAYS = 3650

/** A 12-digit code without a leading zero (an 8-digit one is an appointment's). */
export function newVoucherCode(): string {
  return String(crypto.randomInt(1, 10)) + String(crypto.randomInt(0, 100_000_000_000)).padStart(11, "0")
}

export function isVoucherCode(code: string | undefined | null) {
  return /^\d{12}$/.test(String(code ?? "").replace(/\s+/g, ""))
}

function sign(voucherId: string, merchantId: string, code: string) {
  return crypto
    .createHmac("sha256", secret())
    .update(`${VOUCHER_QR_PREFIX}|${voucherId}|${merchantId}|${code}`)
    .digest("base64url")
    .slice(0, 32)
}

/** What the voucher's QR encodes: the id and a signature over the code, never the code itself. */
export function voucherQrPayload(v: { id: string; merchant_id: string; code: string }) {
  return `${VOUCHER_QR_PREFIX}.${v.id}.${sign(v.id, v.merchant_id, v.code)}`
}

export function isVoucherQr(payload: string | undefined | null) {
  return String(payload ?? "").trim().startsWith(`${VOUCHER_QR_PREFIX}.`)
}

export function parseVoucherQr(payload: string): { voucher_id: string; signature: string } | null {
  const parts = payload.trim().split(".")
  if (parts.length !== 3 || parts[0] !== VOUCHER_QR_PREFIX || !/^vch_[A-Za-z0-9]+$/.test(parts[1])) return null
  return { voucher_id: parts[1], signature: parts[2] }
}

export function verifyVoucherQr(v: { id: string; merchant_id: string; code: string }, signature: string) {
  const expected = Buffer.from(sign(v.id, v.merchant_id, v.code))
  const given = Buffer.from(signature)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
}

export type VoucherRules = { valid_days: number; refundable: boolean; refund_on_expiry: boolean }

/**
 * A product's voucher rules from its metadata (set by the shop through /vendor/products), with the
 * defaults: valid 90 days, refundable any time while unused (随时退), refunded on expiry (过期退).
 */
export function voucherRules(metadata: Record<string, unknown> | null | undefined): VoucherRules {
  const days = Number(metadata?.voucher_valid_days)
  return {
    valid_days:
      Number.isInteger(days) && days >= 1 && days <= MAX_VOUCHER_VALID_DAYS ? days : DEFAULT_VOUCHER_VALID_DAYS,
    refundable: metadata?.voucher_refundable !== false,
    refund_on_expiry: metadata?.voucher_refund_on_expiry !== false,
  }
}

/** Integer fen of an amount in yuan (Medusa's amounts), exact for prices with at most two decimals. */
export function toFen(yuan: unknown) {
  return Math.round(Number(yuan ?? 0) * 100)
}

/**
 * Splits `total` fen over `parts` units so that they add up exactly: the first `total % parts` units
 * carry one fen more.
 */
export function splitFen(total: number, parts: number): number[] {
  if (parts <= 0) return []
  const base = Math.floor(total / parts)
  const extra = total - base * parts
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0))
}

export const VOUCHER_STATUS_LABELS: Record<string, string> = {
  unused: "未使用",
  redeemed: "已核销",
  refunded: "已退款",
  expired: "已过期",
}

type VoucherState = { status: string; expires_at: Date | string; refundable: boolean }

/** Unused and not yet past its expiry: the only state in which a voucher can be redeemed or refunded. */
export function isVoucherLive(v: VoucherState, now = Date.now()) {
  return v.status === "unused" && new Date(v.expires_at).getTime() > now
}

/**
 * The voucher's status as people should read it: an unused one past its expiry is expired even
 * before the hourly job has written that down.
 */
export function voucherDisplayStatus(v: VoucherState, now = Date.now()) {
  return v.status === "unused" && !isVoucherLive(v, now) ? "expired" : v.status
}

/** What the customer may do with a voucher now; the storefront shows exactly these. */
export function customerVoucherActions(v: VoucherState, now = Date.now()): string[] {
  return isVoucherLive(v, now) && v.refundable ? ["refund"] : []
}

/** What the shop may do with a voucher now (核销 needs the customer's code or QR). */
export function shopVoucherActions(v: VoucherState, now = Date.now()): string[] {
  return isVoucherLive(v, now) ? ["redeem"] : []
}
