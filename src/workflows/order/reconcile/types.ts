import { MedusaError } from "@medusajs/framework/utils"

export const RECONCILE_TIME_ZONE = "Asia/Shanghai"

/**
 * What a run found about one trade, refund or order. Kinds it repairs: paid_not_recorded,
 * paid_auto_refunded, refund_status, shop_order_missing, shop_link_missing, shop_state_missing,
 * appointment_held. Kinds only a person can settle: captured_not_paid, captured_without_order,
 * refunded_not_recorded, amount_mismatch, refund_not_found, refund_failed, refund_mismatch,
 * gateway_unknown, fix_failed, shop_link_mismatch, shop_order_canceled, appointment_not_confirmed.
 * Waiting on the gateway, not a fault: refund_processing.
 */
export type FindingKind =
  | "paid_not_recorded"
  | "paid_auto_refunded"
  | "refund_status"
  | "shop_order_missing"
  | "shop_link_missing"
  | "shop_state_missing"
  | "appointment_held"
  | "captured_not_paid"
  | "captured_without_order"
  | "refunded_not_recorded"
  | "amount_mismatch"
  | "refund_not_found"
  | "refund_failed"
  | "refund_mismatch"
  | "refund_processing"
  | "gateway_unknown"
  | "fix_failed"
  | "shop_link_mismatch"
  | "shop_order_canceled"
  | "appointment_not_confirmed"

export type Finding = {
  kind: FindingKind
  detail: string
  provider_id?: string
  out_trade_no?: string
  out_refund_no?: string
  session_id?: string
  payment_id?: string
  cart_id?: string
  order_id?: string
  merchant_id?: string
  /** The gateway's own word for the trade or refund. */
  gateway_status?: string
}

export type ReconcileSummary = {
  /** The Shanghai calendar day looked at. */
  date: string
  dry_run: boolean
  /** Trades of the WeChat Pay / Alipay providers opened that day (plus older ones refunded that day). */
  trades_checked: number
  /** Trades on which Medusa and the gateway agreed, refunds included. */
  matched: number
  orders_checked: number
  /** Repaired in this run (only when fixing). */
  fixed: Finding[]
  /** Would be repaired; a dry run lists them here instead of repairing. */
  to_fix: Finding[]
  /** Mismatches only a person can settle; each raised as `payment.reconcile_mismatch` (not in a dry run). */
  unresolved: Finding[]
  /** Refunds the gateway is still paying out: nothing wrong yet. */
  pending: Finding[]
  by_kind: Partial<Record<FindingKind, number>>
}

/** Collects findings; a dry run turns every repair into a line in `to_fix`. */
export class Report {
  readonly summary: ReconcileSummary
  constructor(date: string, dryRun: boolean) {
    this.summary = { date, dry_run: dryRun, trades_checked: 0, matched: 0, orders_checked: 0, fixed: [], to_fix: [], unresolved: [], pending: [], by_kind: {} }
  }
  private count(f: Finding) {
    this.summary.by_kind[f.kind] = (this.summary.by_kind[f.kind] ?? 0) + 1
  }
  fixed(f: Finding) {
    ;(this.summary.dry_run ? this.summary.to_fix : this.summary.fixed).push(f)
    this.count(f)
  }
  unresolved(f: Finding) {
    this.summary.unresolved.push(f)
    this.count(f)
  }
  pending(f: Finding) {
    this.summary.pending.push(f)
    this.count(f)
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * The Shanghai day [start, end) of a "YYYY-MM-DD". China keeps UTC+8 all year, so the bounds are fixed
 * offsets. A malformed or impossible date (2026-02-30) is refused rather than rolled over.
 */
export function shanghaiDay(date: unknown): { date: string; start: Date; end: Date } {
  const m = typeof date === "string" ? DATE.exec(date.trim()) : null
  const start = m ? new Date(`${m[0]}T00:00:00+08:00`) : null
  const roundTrip = start && !Number.isNaN(start.getTime()) ? new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : null
  if (!m || roundTrip !== m[0]) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `日期无效：${String(date)}，应为 YYYY-MM-DD (date must be a real day as YYYY-MM-DD)`)
  }
  return { date: m[0], start: start!, end: new Date(start!.getTime() + 24 * 3_600_000) }
}

/** The Shanghai calendar day before the one `now` falls in: what the nightly run looks at. */
export function previousShanghaiDay(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 - 24 * 3_600_000).toISOString().slice(0, 10)
}
