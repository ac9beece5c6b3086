import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { checkOrders } from "./orders"
import { checkTrade, tradesOf } from "./trades"
import { Report, shanghaiDay, type ReconcileSummary } from "./types"

export { previousShanghaiDay, shanghaiDay } from "./types"
export type { Finding, FindingKind, ReconcileSummary } from "./types"

export const MISMATCH_EVENT = "payment.reconcile_mismatch"
export const SUMMARY_EVENT = "payment.reconcile_summary"

/**
 * 对账: asks WeChat Pay and Alipay about every trade of a Shanghai day and holds each answer against
 * Medusa (see checkTrade), then looks for that day's orders whose checkout stopped halfway (see
 * checkOrders). With `fix` every repair goes through the path the live system uses (the gateway
 * notification's settleVerifiedPayment, the checkout's own steps), each finds work already done, so a
 * second run changes nothing. What it cannot repair is listed in `unresolved` and raised, one event
 * each, as `payment.reconcile_mismatch`. Without `fix` (dry run) nothing is written and no event sent.
 */
export async function reconcilePayments(container: MedusaContainer, opts: { date: string; fix: boolean }): Promise<ReconcileSummary> {
  const day = shanghaiDay(opts.date)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const report = new Report(day.date, !opts.fix)
  const ctx = { container, report, fix: opts.fix }

  const trades = await tradesOf(container, day.start, day.end)
  for (const t of trades) {
    report.summary.trades_checked++
    try {
      if (await checkTrade(ctx, t)) report.summary.matched++
    } catch (e: any) {
      // One trade's surprise (a database hiccup) must not hide the rest of the day.
      report.unresolved({ kind: "fix_failed", provider_id: t.provider_id, out_trade_no: t.out_trade_no, session_id: t.session_id, detail: `核对出错 (checking failed): ${e?.message ?? e}` })
    }
  }
  await checkOrders(ctx, day.start, day.end)

  if (opts.fix && report.summary.unresolved.length) {
    const bus = container.resolve(Modules.EVENT_BUS)
    await bus.emit(report.summary.unresolved.map((f) => ({ name: MISMATCH_EVENT, data: { date: day.date, ...f } })))
    for (const f of report.summary.unresolved) {
      logger.error(`[reconcile] ${day.date} ${f.kind} ${f.out_trade_no ?? f.order_id ?? ""}: ${f.detail}`)
    }
  }
  return report.summary
}

/** One line for the logs. */
export function summaryLine(s: ReconcileSummary): string {
  const kinds = Object.entries(s.by_kind)
    .map(([k, n]) => `${k}=${n}`)
    .join(" ")
  return (
    `[reconcile] ${s.date}${s.dry_run ? " (dry run)" : ""}: ${s.trades_checked} trade(s) checked, ${s.matched} matched, ` +
    `${s.dry_run ? `${s.to_fix.length} to fix` : `${s.fixed.length} fixed`}, ${s.unresolved.length} unresolved, ` +
    `${s.pending.length} pending; ${s.orders_checked} order(s) checked${kinds ? `; ${kinds}` : ""}`
  )
}
