import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { RefusedNotification, settleVerifiedPayment } from "../settle-payment"
import type { GatewayTrade } from "../../../lib/gateway-trade"
import { toFen } from "../../../lib/money"
import { gatewayOf, paidEvent, RECONCILED_PROVIDERS, refundEvent } from "./gateways"
import type { Finding, Report } from "./types"

const PAGE = 200
/** A refund entry with one of these words is settled; anything else (none, PROCESSING) is asked about. */
const FINAL_REFUND = new Set(["SUCCESS", "ABNORMAL", "CLOSED"])

type TradeKey = { provider_id: string; out_trade_no: string; session_id: string }

async function pages<T>(fetch: (skip: number) => Promise<T[]>, each: (rows: T[]) => void) {
  for (let skip = 0; ; skip += PAGE) {
    const rows = await fetch(skip)
    each(rows)
    if (rows.length < PAGE) return
  }
}

/**
 * The day's trades: every WeChat Pay / Alipay session opened that day (its current out_trade_no), every
 * payment recorded that day (its session may be gone: Medusa deletes a session it drops, the payment
 * stays), and older payments that had a refund that day, so a refund's final word is also looked for.
 */
export async function tradesOf(container: MedusaContainer, start: Date, end: Date): Promise<TradeKey[]> {
  const payments = container.resolve(Modules.PAYMENT)
  const trades = new Map<string, TradeKey>()
  const add = (providerId: string, data: any, sessionId: string | null | undefined) => {
    const no = data?.out_trade_no
    if (typeof no !== "string" || !no || !sessionId) return
    const key = `${providerId}:${no}`
    if (!trades.has(key)) trades.set(key, { provider_id: providerId, out_trade_no: no, session_id: sessionId })
  }
  const range = { $gte: start, $lt: end }
  await pages(
    (skip) =>
      payments.listPaymentSessions({ provider_id: RECONCILED_PROVIDERS, created_at: range } as any, {
        select: ["id", "provider_id", "data"],
        take: PAGE,
        skip,
        order: { id: "ASC" },
      }),
    (rows) => rows.forEach((s: any) => add(s.provider_id, s.data, s.id))
  )
  await pages(
    (skip) =>
      payments.listPayments({ provider_id: RECONCILED_PROVIDERS, created_at: range } as any, {
        select: ["id", "provider_id", "data", "payment_session_id"],
        take: PAGE,
        skip,
        order: { id: "ASC" },
      }),
    (rows) => rows.forEach((p: any) => add(p.provider_id, p.data, p.payment_session_id))
  )
  const refunded = new Set<string>()
  await pages(
    (skip) => payments.listRefunds({ created_at: range } as any, { select: ["id", "payment_id"], take: PAGE, skip, order: { id: "ASC" } }),
    (rows) => rows.forEach((r: any) => r.payment_id && refunded.add(r.payment_id))
  )
  const ids = [...refunded]
  for (let i = 0; i < ids.length; i += PAGE) {
    const rows = await payments.listPayments({ id: ids.slice(i, i + PAGE), provider_id: RECONCILED_PROVIDERS } as any, {
      select: ["id", "provider_id", "data", "payment_session_id"],
    })
    rows.forEach((p: any) => add(p.provider_id, p.data, p.payment_session_id))
  }
  return [...trades.values()]
}

/** Medusa's side of a trade, read fresh (a fix earlier in the run may have changed it). */
async function medusaSide(container: MedusaContainer, t: TradeKey) {
  const payments = container.resolve(Modules.PAYMENT)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [session] = (await payments.listPaymentSessions({ id: t.session_id }, {
    select: ["id", "amount", "raw_amount", "provider_id", "data", "payment_collection_id", "status"],
  })) as any[]
  const [payment] = (await payments.listPayments({ payment_session_id: t.session_id } as any, {
    relations: ["refunds", "captures"],
  })) as any[]
  // The payment holds the data of the trade it was recorded for; a session re-priced since holds a newer one.
  const paymentOfTrade = payment && (payment.data?.out_trade_no ?? t.out_trade_no) === t.out_trade_no ? payment : undefined
  const collectionId: string | undefined = session?.payment_collection_id ?? payment?.payment_collection_id
  let cartId: string | undefined
  let orderId: string | undefined
  if (collectionId) {
    const { data: carts } = await query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: collectionId } })
    cartId = (carts[0] as any)?.cart_id
    const { data: orders } = await query.graph({ entity: "order_payment_collection", fields: ["order_id"], filters: { payment_collection_id: collectionId } })
    orderId = (orders[0] as any)?.order_id
    if (!orderId && cartId) {
      const { data: byCart } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      orderId = (byCart[0] as any)?.order_id
    }
  }
  const amountOf = (x: any) => (x ? toFen(x.raw_amount ?? x.amount) : undefined)
  const capturedFen = ((paymentOfTrade?.captures ?? []) as any[]).reduce((s, c) => s + toFen(c.raw_amount ?? c.amount), 0)
  const refundedFen = ((paymentOfTrade?.refunds ?? []) as any[]).reduce((s, r) => s + toFen(r.raw_amount ?? r.amount), 0)
  const sessionIsTrade = session && session.data?.out_trade_no === t.out_trade_no
  return {
    session: sessionIsTrade ? session : undefined,
    payment: paymentOfTrade,
    cartId,
    orderId,
    expectedFen: amountOf(paymentOfTrade) ?? (sessionIsTrade ? amountOf(session) : undefined),
    captured: !!paymentOfTrade && (!!paymentOfTrade.captured_at || capturedFen > 0),
    capturedFen,
    refundedFen,
  }
}

type Ctx = { container: MedusaContainer; report: Report; fix: boolean }

/**
 * One trade: what the gateway holds against what Medusa holds.
 *  - paid there, not captured here (or no order): applied through settleVerifiedPayment, exactly as the
 *    lost notification would have been — the cart becomes an order, or the money goes back automatically;
 *  - captured here, unpaid or closed there: reported (Medusa counts money the gateway never took);
 *  - amounts that differ, refunds there not recorded here: reported;
 *  - then every refund of the payment still without a final word is asked about (checkRefunds).
 * Returns whether the trade needed nothing.
 */
export async function checkTrade(ctx: Ctx, t: TradeKey): Promise<boolean> {
  const { container, report } = ctx
  const ref = { provider_id: t.provider_id, out_trade_no: t.out_trade_no, session_id: t.session_id }
  const gateway = gatewayOf(container, t.provider_id)
  if (!gateway) {
    report.unresolved({ ...ref, kind: "gateway_unknown", detail: `支付方式 ${t.provider_id} 未配置，无法查询 (provider not configured here)` })
    return false
  }
  const g = await gateway.queryTrade(t.out_trade_no)
  let here = await medusaSide(container, t)
  const at = { ...ref, payment_id: here.payment?.id, cart_id: here.cartId, order_id: here.orderId, gateway_status: g.gateway_status }
  if (g.state === "unknown") {
    report.unresolved({ ...at, kind: "gateway_unknown", detail: `网关未给出可用的答复 (no usable answer from the gateway): ${g.detail ?? g.gateway_status}` })
    return false
  }
  const paidThere = g.state === "paid" || g.state === "refunded"
  if (paidThere && g.amount_fen !== undefined && here.expectedFen !== undefined && g.amount_fen !== here.expectedFen) {
    report.unresolved({
      ...at,
      kind: "amount_mismatch",
      detail: `网关金额 ${g.amount_fen} 分，本系统 ${here.expectedFen} 分 (the gateway holds ${g.amount_fen} fen, Medusa ${here.expectedFen} fen)`,
    })
    return false
  }

  let clean = true
  const autoRefund = here.payment?.metadata?.auto_refund
  if (g.state === "paid") {
    const settledAsRefund = !!autoRefund?.refunded_at && here.captured && here.refundedFen >= here.capturedFen
    if (here.captured && (here.orderId || settledAsRefund)) {
      // Agreed: an order holds the money, or it was sent back in full because no order could be placed.
    } else if (here.captured && !autoRefund && !here.payment?.canceled_at) {
      clean = false
      report.unresolved({
        ...at,
        kind: "captured_without_order",
        detail: "款项已入账但没有订单，也未退款 (captured, yet no order and no refund): 请人工核实后下单或退款",
      })
    } else {
      clean = false
      await applyPaid(ctx, t, g, at)
      here = await medusaSide(container, t)
    }
  } else if (g.state === "refunded") {
    if (here.refundedFen === 0) {
      clean = false
      report.unresolved({
        ...at,
        kind: "refunded_not_recorded",
        detail: here.captured
          ? "网关显示已退款，本系统没有退款记录 (refunded at the gateway, no refund recorded here)"
          : "网关显示已付款并退款，本系统没有这笔款项 (paid and refunded at the gateway, never recorded here)",
      })
    }
  } else if (here.captured) {
    // Unpaid or closed there. Alipay also closes a trade once it is refunded in full: that agrees.
    const fullyRefunded = g.state === "closed" && here.refundedFen >= here.capturedFen
    if (!fullyRefunded) {
      clean = false
      report.unresolved({
        ...at,
        kind: "captured_not_paid",
        detail: `本系统已记为收款，网关显示 ${g.gateway_status} (captured here, the gateway says ${g.gateway_status})`,
      })
    }
  }
  if (here.payment) clean = (await checkRefunds(ctx, t, here.payment, at)) && clean
  return clean
}

async function applyPaid(ctx: Ctx, t: TradeKey, g: GatewayTrade, at: Partial<Finding>) {
  const { container, report, fix } = ctx
  const kindOf = (outcome: string) => (outcome === "refunded" ? "paid_auto_refunded" : "paid_not_recorded")
  if (g.amount_fen === undefined) {
    report.unresolved({ ...at, kind: "gateway_unknown", detail: "网关未给出交易金额 (the gateway named no amount)" } as Finding)
    return
  }
  if (!fix) {
    report.fixed({ ...at, kind: "paid_not_recorded", detail: "网关已收款，本系统未入账：将按支付通知补记 (paid at the gateway, not recorded here: would apply as the notification)" } as Finding)
    return
  }
  try {
    const out = await settleVerifiedPayment(container, t.provider_id, paidEvent(t.provider_id, t.session_id, { ...g, amount_fen: g.amount_fen }))
    if (out.outcome === "applied" || out.outcome === "refunded") {
      report.fixed({
        ...at,
        order_id: out.order_id ?? at.order_id,
        kind: kindOf(out.outcome),
        detail:
          out.outcome === "refunded"
            ? "网关已收款但订单无法提交：已自动全额退款 (paid, the cart could not become an order: refunded in full)"
            : "网关已收款：已补记收款并下单 (paid at the gateway: payment recorded, order placed)",
      } as Finding)
    } else if (out.outcome !== "duplicate") {
      report.unresolved({ ...at, kind: "fix_failed", detail: `补记未生效 (applying the payment was ${out.outcome})` } as Finding)
    }
  } catch (e: any) {
    report.unresolved({
      ...at,
      kind: "fix_failed",
      detail: `${e instanceof RefusedNotification ? "补记被拒绝" : "补记失败"} (${e instanceof RefusedNotification ? "refused" : "failed"}): ${e?.message ?? e}`,
    } as Finding)
  }
}

/**
 * Refunds the payment's data lists without a final word (WeChat PROCESSING; Alipay records none until
 * its notify, which not every product sends): the gateway is asked and its answer recorded through the
 * refund-result path of settleVerifiedPayment, the same one the gateway's refund notification takes (a
 * refund that ended ABNORMAL/CLOSED raises payment.refund_failed there). A refund the gateway does not
 * know, or knows with another amount, is reported.
 */
async function checkRefunds(ctx: Ctx, t: TradeKey, payment: any, at: Partial<Finding>): Promise<boolean> {
  const { container, report, fix } = ctx
  const gateway = gatewayOf(container, t.provider_id)!
  const entries: any[] = Array.isArray(payment.data?.refunds) ? payment.data.refunds : []
  let clean = true
  for (const entry of entries) {
    const no = String(entry.out_refund_no ?? entry.out_request_no ?? "")
    if (!no || FINAL_REFUND.has(String(entry.status ?? "").toUpperCase())) continue
    const r = await gateway.queryRefundResult(t.out_trade_no, no)
    const about = { ...at, out_refund_no: no, gateway_status: r.status } as Finding
    if (r.status === "PROCESSING") {
      report.pending({ ...about, kind: "refund_processing", detail: "退款处理中 (the gateway is still paying the refund out)" })
      continue
    }
    clean = false
    if (r.status === "UNKNOWN") {
      report.unresolved({ ...about, kind: "gateway_unknown", detail: `退款查询无可用答复 (no usable answer about the refund): ${r.detail ?? ""}` })
      continue
    }
    if (r.status === "NOT_FOUND") {
      report.unresolved({
        ...about,
        kind: "refund_not_found",
        detail: "本系统记为已退款，网关没有这笔退款 (refunded in Medusa, unknown to the gateway): 客户可能未收到退款",
      })
      continue
    }
    const failed = r.status !== "SUCCESS"
    if (!fix) {
      report.fixed({ ...about, kind: "refund_status", detail: `退款结果 ${r.status} 尚未记录：将补记 (refund result ${r.status} would be recorded)` })
      if (failed) report.unresolved({ ...about, kind: "refund_failed", detail: `退款失败 ${r.status}，需人工退款 (the refund ended ${r.status}: pay the customer back by hand)` })
      continue
    }
    try {
      await settleVerifiedPayment(container, t.provider_id, refundEvent(t.session_id, t.out_trade_no, r))
      report.fixed({ ...about, kind: "refund_status", detail: `已补记退款结果 ${r.status} (refund result ${r.status} recorded)` })
      if (failed) report.unresolved({ ...about, kind: "refund_failed", detail: `退款失败 ${r.status}，需人工退款 (the refund ended ${r.status}: pay the customer back by hand)` })
    } catch (e: any) {
      report.unresolved({
        ...about,
        kind: e instanceof RefusedNotification ? "refund_mismatch" : "fix_failed",
        detail: `退款结果未能记录 (the refund result was not recorded): ${e?.message ?? e}`,
      })
    }
  }
  return clean
}
