import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { processPaymentWorkflow, refundPaymentsWorkflow } from "@medusajs/medusa/core-flows"
import { gatewayProvider } from "../../lib/gateway-provider"
import { fenToYuan, toFen, yuanToFen } from "../../lib/money"
import { refundRequestNo } from "../../lib/trade"
import { placeOrder } from "./place-order"

type Notification = {
  kind: "payment" | "refund"
  out_trade_no: string
  amount_fen: number
  out_refund_no?: string
  refund_status?: string
  /** Alipay: refund_fee, the running total refunded on the trade, in fen. */
  refund_total_fen?: number
  success_time?: string
  /** The trade's payment collection, echoed by the gateway (WeChat attach, Alipay body). */
  payment_collection_id?: string
  [k: string]: unknown
}

/** What a provider's getWebhookActionAndData hands back for a verified gateway notification. */
export type VerifiedEvent = {
  action: string
  data?: { session_id: string; amount: unknown; notification?: Notification }
}

/** The notification is genuine but must not be applied (wrong amount, unknown trade): answer FAIL. */
export class RefusedNotification extends Error {
  constructor(message: string) {
    super(message)
    this.name = "RefusedNotification"
  }
}

export type SettleOutcome = { outcome: "applied" | "duplicate" | "ignored" | "refunded"; order_id?: string }

/**
 * Refusals that will not change by trying again: the cart broke a rule (hold lapsed, coupon used or
 * expired, points short, shop suspended, …). Anything else (database or gateway unreachable, a lock
 * timing out) may pass next time, so the gateway is asked to resend. Workflow errors may arrive as
 * plain objects, hence the look at `type` rather than instanceof.
 */
const BUSINESS_REFUSALS = new Set<string>([
  MedusaError.Types.NOT_ALLOWED,
  MedusaError.Types.INVALID_DATA,
  MedusaError.Types.CONFLICT,
  MedusaError.Types.NOT_FOUND,
])
export function isBusinessRefusal(err: unknown): boolean {
  return BUSINESS_REFUSALS.has(String((err as any)?.type ?? ""))
}

const LOCK = (sessionId: string) => `payment-notify:${sessionId}`

/**
 * Applies a verified gateway notification through Medusa.
 *
 * Paid: a cart that is not yet an order is completed with the shop's own checkout workflow (Medusa's
 * completeCartWorkflow inside: the provider confirms the trade, the payment is authorized and captured,
 * the order is tied to its shop). The gateway took the money before that ran, so if the cart can no
 * longer become an order for a business reason the payment is recorded and refunded in full
 * (refundUnplaceable) and the notification acknowledged; a transient failure is thrown so the gateway
 * resends. Anything else (the order already exists, or the collection belongs to no cart) goes to
 * Medusa's processPaymentWorkflow. A payment already captured is left alone, so a repeated
 * notification changes nothing; a lock per session serialises notifications that arrive together.
 *
 * Closed (Alipay TRADE_CLOSED): an unpaid session is canceled in Medusa; a paid one is left alone.
 * Refund results: see recordRefundResult.
 */
export async function settleVerifiedPayment(
  container: MedusaContainer,
  providerId: string,
  event: VerifiedEvent
): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const data = event.data
  const n = data?.notification
  if (!data?.session_id || !n) throw new RefusedNotification("通知缺少交易信息 (notification names no trade)")
  const closed = n.kind === "payment" && event.action === PaymentActions.CANCELED

  const [session] = await paymentModule.listPaymentSessions(
    { id: data.session_id },
    { relations: ["payment"], select: ["id", "amount", "raw_amount", "currency_code", "provider_id", "data", "payment_collection_id", "status"] }
  )
  // Medusa deletes a session when checkout moves on without it (another provider, a new price, or its
  // own recovery after a failed completion); a payment it recorded for that session stays behind.
  const [orphan] = session ? [] : await paymentModule.listPayments({ payment_session_id: data.session_id } as any)
  const owner: any = session ?? orphan
  if (!owner || owner.provider_id !== providerId || owner.data?.out_trade_no !== n.out_trade_no) {
    if (closed) {
      // A superseded or abandoned trade closing is expected (we closed it ourselves): nothing to undo.
      logger.info(`[payments] ${providerId} close notice for ${n.out_trade_no}: no current session, nothing to apply`)
      return { outcome: "ignored" }
    }
    // Paid on a trade no session holds any more and no payment records (the session was dropped, or
    // re-priced into a new trade): nothing can place an order on this money, so it goes back.
    if (n.kind === "payment" && (event.action === PaymentActions.SUCCESSFUL || event.action === PaymentActions.AUTHORIZED)) {
      return await refundStrayTrade(container, providerId, data.session_id, n)
    }
    if (n.kind === "refund" && String(n.out_refund_no ?? "").startsWith(`${n.out_trade_no}_R`)) {
      return await acknowledgeStrayRefund(container, providerId, n)
    }
    throw new RefusedNotification(
      owner ? `商户订单号 ${n.out_trade_no} 已作废 (out_trade_no is not the session's current trade)` : `未知的商户订单号 ${n.out_trade_no} (no ${providerId} session for this trade)`
    )
  }
  if (n.kind === "refund") return await recordRefundResult(container, providerId, data.session_id, n)
  const expected = toFen(owner.raw_amount ?? owner.amount)
  if (expected !== n.amount_fen) {
    logger.error(
      `[payments] ${providerId} notification for ${n.out_trade_no} says ${n.amount_fen} fen, the session is ${expected} fen: refused`
    )
    throw new RefusedNotification(`通知金额与订单金额不符 (notified amount does not match the session)`)
  }
  if (closed) return await closeUnpaidSession(container, providerId, data.session_id, n)
  if (event.action !== PaymentActions.SUCCESSFUL && event.action !== PaymentActions.AUTHORIZED) {
    logger.info(`[payments] ${providerId} ${event.action} notification for ${n.out_trade_no}: nothing to apply`)
    return { outcome: "ignored" }
  }
  const trade = { providerId, sessionId: data.session_id, outTradeNo: n.out_trade_no, fen: expected }
  const locking = container.resolve(Modules.LOCKING)
  if (!session) {
    // Paid on a session Medusa already dropped: only a payment already being sent back is ours to finish.
    if (!orphan.canceled_at && !(orphan as any).metadata?.auto_refund) {
      throw new RefusedNotification(`商户订单号 ${n.out_trade_no} 已作废 (out_trade_no is not the session's current trade)`)
    }
    return await locking.execute(LOCK(data.session_id), () => refundUnplaceable(container, { ...trade, reason: "支付会话已作废 (the payment session was dropped)" }), { timeout: 30 })
  }

  return await locking.execute(LOCK(session.id), async () => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [fresh] = await paymentModule.listPaymentSessions({ id: session.id }, { relations: ["payment"] })
    const { data: cartLinks } = await query.graph({
      entity: "cart_payment_collection",
      fields: ["cart_id"],
      filters: { payment_collection_id: session.payment_collection_id },
    })
    const cartId = (cartLinks[0] as any)?.cart_id as string | undefined
    let orderId: string | undefined
    if (cartId) {
      const { data: orderLinks } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      orderId = (orderLinks[0] as any)?.order_id
    }
    const payment = (fresh as any)?.payment
    if (payment && !orderId && (payment.canceled_at || payment.metadata?.auto_refund)) {
      // An earlier notification began sending this payment back (or Medusa voided it): finish that.
      return await refundUnplaceable(container, { ...trade, cartId, reason: payment.metadata?.auto_refund?.reason ?? "支付已作废 (the payment was voided)" })
    }
    if (payment?.captured_at) return { outcome: "duplicate" as const, order_id: orderId }

    if (cartId && !orderId) {
      // The storefront may be completing the same cart right now: placeOrder locks the cart, and whoever
      // comes second gets the order. Only a refusal with no order at all sends the money back.
      const placed = await placeOrder(container, cartId)
      if (placed.order_id) {
        return { outcome: placed.placed_now ? ("applied" as const) : ("duplicate" as const), order_id: placed.order_id }
      }
      const err = placed.error
      if (isBusinessRefusal(err)) {
        return await refundUnplaceable(container, { ...trade, cartId, reason: String(err?.message ?? err) })
      }
      throw MedusaError.isMedusaError(err) ? err : new Error(err?.message ?? String(err))
    }
    await processPaymentWorkflow(container).run({
      input: { action: event.action as any, data: { session_id: session.id, amount: data.amount as any } },
    })
    return { outcome: "applied" as const, order_id: orderId }
  }, { timeout: 30 })
}

/** What the payment's metadata keeps about an automatic refund (the storefront's poll reads it). */
export type AutoRefundMark = {
  reason: string
  cart_id: string | null
  out_trade_no: string
  amount: string
  started_at: string
  refunded_at?: string
}

/**
 * The customer paid but the cart cannot become an order: send every fen back through Medusa's refund
 * flow. Each part checks what is already done, so a resent notification (or one after a crash halfway)
 * finishes the job instead of repeating it, and the refund number is deterministic (see
 * refundRequestNo), so even a refund whose answer was lost is paid out once:
 * 1. the money is recorded as a payment of the session (Medusa authorizes it with the provider, which
 *    asks the gateway), unless Medusa's own completion already did;
 * 2. the payment is marked (metadata.auto_refund) before any money moves, so a retry keeps refunding
 *    instead of trying to complete the cart again;
 * 3. whatever is not refunded yet is refunded; Medusa's completion compensation may have done it;
 * 4. the payment is canceled and the session closed, so the cart can never complete on this money;
 * 5. once: an error log and `payment.auto_refunded` for operators.
 */
async function refundUnplaceable(
  container: MedusaContainer,
  t: { providerId: string; sessionId: string; outTradeNo: string; fen: number; cartId?: string; reason: string }
): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const find = async () =>
    (await paymentModule.listPayments({ payment_session_id: t.sessionId } as any, { relations: ["refunds"] }))[0] as any
  let payment = await find()
  if (!payment) {
    await paymentModule.authorizePaymentSession(t.sessionId, {})
    payment = await find()
    if (!payment) throw new Error(`支付 ${t.outTradeNo} 未能记录 (the payment could not be recorded)`)
  }
  let mark: AutoRefundMark = payment.metadata?.auto_refund
  if (!mark) {
    mark = {
      reason: t.reason,
      cart_id: t.cartId ?? null,
      out_trade_no: t.outTradeNo,
      amount: fenToYuan(t.fen),
      started_at: new Date().toISOString(),
    }
    payment = { ...payment, metadata: { ...(payment.metadata ?? {}), auto_refund: mark } }
    await paymentModule.updatePayment({ id: payment.id, metadata: payment.metadata } as any)
    logger.warn(`[payments] ${t.providerId} ${t.outTradeNo} was paid but cannot become an order (${t.reason}): refunding`)
  }
  const refunded = ((payment.refunds ?? []) as any[]).reduce((s, r) => s + toFen(r.raw_amount ?? r.amount), 0)
  const remaining = toFen(payment.raw_amount ?? payment.amount) - refunded
  if (remaining > 0) {
    await refundPaymentsWorkflow(container).run({
      input: [{ payment_id: payment.id, amount: fenToYuan(remaining), note: `订单未能提交，自动全额退款 (automatic refund: ${mark.reason})`.slice(0, 500) }],
    })
  }
  if (!payment.canceled_at) await paymentModule.cancelPayment(payment.id)
  const [session] = await paymentModule.listPaymentSessions({ id: t.sessionId })
  if (session && session.status !== PaymentSessionStatus.CANCELED) {
    await paymentModule.updatePaymentSession({
      id: session.id,
      status: PaymentSessionStatus.CANCELED,
      amount: session.amount,
      currency_code: session.currency_code,
      data: session.data,
    } as any)
  }
  if (mark.refunded_at) return { outcome: "duplicate" }
  const done: AutoRefundMark = { ...mark, refunded_at: new Date().toISOString() }
  await paymentModule.updatePayment({ id: payment.id, metadata: { ...(payment.metadata ?? {}), auto_refund: done } } as any)
  logger.error(
    `[payments] ${t.providerId} ${t.outTradeNo}: paid ${done.amount} CNY but no order could be placed (${done.reason}); refunded in full`
  )
  await container.resolve(Modules.EVENT_BUS).emit({
    name: "payment.auto_refunded",
    data: {
      payment_id: payment.id,
      payment_collection_id: payment.payment_collection_id,
      cart_id: done.cart_id,
      provider_id: t.providerId,
      out_trade_no: t.outTradeNo,
      amount: done.amount,
      reason: done.reason,
    },
  })
  return { outcome: "refunded" }
}

/**
 * Alipay closed a trade (timed out unpaid, or we closed it). An unpaid session becomes canceled in
 * Medusa, so the storefront's poll shows it and checkout cannot go on with it; a session with a payment
 * is left alone (Alipay also says TRADE_CLOSED after a full refund of a paid trade).
 */
async function closeUnpaidSession(container: MedusaContainer, providerId: string, sessionId: string, n: Notification): Promise<SettleOutcome> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  return await container.resolve(Modules.LOCKING).execute(LOCK(sessionId), async () => {
    const [fresh] = await paymentModule.listPaymentSessions({ id: sessionId }, { relations: ["payment"] })
    if (!fresh || (fresh as any).payment) {
      logger.info(`[payments] ${providerId} close notice for ${n.out_trade_no}: the session has a payment, left alone`)
      return { outcome: "ignored" as const }
    }
    if (fresh.status === PaymentSessionStatus.CANCELED) return { outcome: "duplicate" as const }
    await paymentModule.updatePaymentSession({
      id: fresh.id,
      status: PaymentSessionStatus.CANCELED,
      amount: fresh.amount,
      currency_code: fresh.currency_code,
      data: { ...(fresh.data ?? {}), trade_status: "TRADE_CLOSED" },
    } as any)
    return { outcome: "applied" as const }
  }, { timeout: 30 })
}

/** Gateway words for a refund that went through; anything else final means the money did not move. */
const REFUND_DONE = new Set(["SUCCESS"])
const REFUND_FAILED = new Set(["ABNORMAL", "CLOSED"])

const entryFen = (r: any): number | undefined =>
  Number.isSafeInteger(r?.fen) ? r.fen : typeof r?.refund_amount === "string" ? yuanToFen(r.refund_amount) : undefined

/**
 * A refund result notification (WeChat's REFUND.*, Alipay's refund notify). Medusa's refund record was
 * written when the gateway accepted the request; the gateway's final word arrives later. It is kept on the
 * refund's entry in the payment's data (status, time), so operators see which refunds really paid out.
 * The amount must be what we asked for: WeChat names the refund's own amount, Alipay the running total
 * refunded on the trade (refund_fee), which must equal our requests up to and including this one.
 * A refund that ends ABNORMAL/CLOSED is logged as an error and raised as `payment.refund_failed`: the
 * customer has not got the money back although Medusa counts it refunded, and a person must act.
 */
async function recordRefundResult(container: MedusaContainer, providerId: string, sessionId: string, n: Notification): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const refundNo = String(n.out_refund_no ?? "")
  const status = String(n.refund_status ?? "SUCCESS").toUpperCase()
  const locking = container.resolve(Modules.LOCKING)
  return await locking.execute(LOCK(sessionId), async () => {
    const [payment] = (await paymentModule.listPayments({ payment_session_id: sessionId } as any)) as any[]
    const refunds: any[] = Array.isArray(payment?.data?.refunds) ? payment.data.refunds : []
    const index = refunds.findIndex((r) => (r.out_refund_no ?? r.out_request_no) === refundNo)
    const entry = refunds[index]
    if (!payment || !entry) {
      logger.warn(`[payments] ${providerId} refund notification names unknown refund ${refundNo} of ${n.out_trade_no}`)
      throw new RefusedNotification(`未知的退款单号 ${refundNo} (no refund ${refundNo} was requested for this trade)`)
    }
    const requested = entryFen(entry)
    if (n.refund_total_fen !== undefined) {
      // Our refunds are paid in the order we requested them: when this one was paid the total was at least
      // everything up to it, and it can never exceed everything we asked for. Outside that, Alipay is
      // reporting money we did not send (or not the money we sent).
      const sum = (rs: any[]) => rs.reduce((s, r) => s + (entryFen(r) ?? 0), 0)
      const least = sum(refunds.slice(0, index + 1))
      const most = sum(refunds)
      if (n.refund_total_fen < least || n.refund_total_fen > most) {
        logger.error(
          `[payments] ${providerId} refund ${refundNo}: refunded total ${n.refund_total_fen} fen notified, ${least}–${most} fen requested: refused`
        )
        throw new RefusedNotification("通知的退款总额与退款申请不符 (notified refund total does not match the requests)")
      }
    } else if (requested !== undefined && Number.isSafeInteger(n.amount_fen) && requested !== n.amount_fen) {
      logger.error(`[payments] ${providerId} refund ${refundNo} notified ${n.amount_fen} fen, requested ${requested} fen: refused`)
      throw new RefusedNotification("通知的退款金额与退款申请不符 (notified refund amount does not match the request)")
    }
    if (entry.status === status && entry.notified_at) return { outcome: "duplicate" as const }
    const updated = refunds.map((r) =>
      r === entry ? { ...r, status, notified_at: new Date().toISOString(), success_time: n.success_time ?? r.success_time } : r
    )
    await paymentModule.updatePayment({ id: payment.id, data: { ...payment.data, refunds: updated } } as any)
    if (REFUND_FAILED.has(status)) {
      logger.error(`[payments] ${providerId} refund ${refundNo} of ${n.out_trade_no} ended ${status}: the customer was not paid back`)
      await container.resolve(Modules.EVENT_BUS).emit({
        name: "payment.refund_failed",
        data: { payment_id: payment.id, provider_id: providerId, out_trade_no: n.out_trade_no, out_refund_no: refundNo, status },
      })
    } else if (!REFUND_DONE.has(status)) {
      logger.info(`[payments] ${providerId} refund ${refundNo} of ${n.out_trade_no}: ${status}`)
    }
    return { outcome: "applied" as const }
  }, { timeout: 30 })
}

/** What a payment collection's metadata keeps about a trade refunded without a session (see refundStrayTrade). */
export type StrayRefundMark = {
  provider_id: string
  out_refund_no: string
  amount: string
  reason: string
  started_at: string
  refunded_at?: string
}

/**
 * A verified "paid" for a trade that no session holds and no payment records: Medusa dropped the session
 * (another provider, a changed cart; the providers refuse that once a trade is paid, but a QR code still
 * on a phone can be paid after its session went) or re-priced it into a new trade. Nothing can place an
 * order on this money, so it is sent back in full straight through the provider, the notification
 * acknowledged, an error logged and `payment.auto_refunded` emitted once.
 *
 * The refund number is the trade's first (refundRequestNo with none before), so however often the
 * notification comes the gateway pays it once. Done is recorded on the payment collection the trade
 * names (metadata.stray_refunds, by out_trade_no); failing that, the gateway's refund record says so.
 * Before any money moves the gateway must hold the trade as paid for the notified amount: a trade it
 * does not know is refused as before (unknown trade), and one it cannot be asked about is left for the
 * resend (5xx).
 */
async function refundStrayTrade(container: MedusaContainer, providerId: string, sessionId: string, n: Notification): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const provider = gatewayProvider(container, providerId)
  const unknown = () => new RefusedNotification(`未知的商户订单号 ${n.out_trade_no} (no ${providerId} session for this trade)`)
  if (!provider || !Number.isSafeInteger(n.amount_fen) || n.amount_fen < 1) throw unknown()
  const paymentModule = container.resolve(Modules.PAYMENT)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const fen = n.amount_fen
  const outRefundNo = refundRequestNo(n.out_trade_no, 0, fen)
  const reason = "付款时支付会话已作废 (the payment session had been dropped when the payment arrived)"

  return await container.resolve(Modules.LOCKING).execute(LOCK(sessionId), async () => {
    const pcId = n.payment_collection_id
    const [pc] = pcId ? await paymentModule.listPaymentCollections({ id: pcId }, { select: ["id", "metadata"] }) : []
    const marks = { ...(((pc?.metadata as any)?.stray_refunds ?? {}) as Record<string, StrayRefundMark>) }
    const mark = async (m: StrayRefundMark) => {
      if (pc) await paymentModule.updatePaymentCollections(pc.id, { metadata: { ...(pc.metadata ?? {}), stray_refunds: { ...marks, [n.out_trade_no]: m } } })
    }
    const earlier = marks[n.out_trade_no]
    if (earlier?.refunded_at) return { outcome: "duplicate" as const }

    // Already paid back (an earlier notification, or one cut short after the refund): the gateway knows the
    // number. Asked before the trade itself, since Alipay reports a trade refunded in full as closed.
    const before = await provider.queryRefundResult(n.out_trade_no, outRefundNo)
    const alreadyPaidBack = before.status === "SUCCESS" || before.status === "PROCESSING"
    if (!alreadyPaidBack) {
      const trade = await provider.queryTrade(n.out_trade_no)
      if (trade.state === "unknown") {
        throw new Error(`无法向支付网关确认交易 ${n.out_trade_no} (cannot ask the gateway about the trade: ${trade.detail ?? trade.gateway_status})`)
      }
      if (trade.state !== "paid" && trade.state !== "refunded") throw unknown()
      if (trade.amount_fen !== undefined && trade.amount_fen !== fen) {
        logger.error(`[payments] ${providerId} ${n.out_trade_no}: notified ${fen} fen, the gateway holds ${trade.amount_fen} fen: refused`)
        throw new RefusedNotification("通知金额与网关记录不符 (notified amount does not match the gateway's trade)")
      }
      const started: StrayRefundMark = earlier ?? {
        provider_id: providerId,
        out_refund_no: outRefundNo,
        amount: fenToYuan(fen),
        reason,
        started_at: new Date().toISOString(),
      }
      if (!earlier) await mark(started)
      await provider.refundPayment({
        amount: fenToYuan(fen),
        data: { out_trade_no: n.out_trade_no, amount_fen: fen, total_amount: fenToYuan(fen), currency_code: "cny", refunds: [] },
        context: { idempotency_key: outRefundNo },
      } as any)
    }
    // Without a collection to keep the mark on, the gateway's own record says this was done before.
    if (!pc && alreadyPaidBack) return { outcome: "duplicate" as const }
    await mark({
      ...(earlier ?? { provider_id: providerId, out_refund_no: outRefundNo, amount: fenToYuan(fen), reason, started_at: new Date().toISOString() }),
      refunded_at: new Date().toISOString(),
    })

    let cartId: string | null = null
    if (pc) {
      const { data: links } = await query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: pc.id } })
      cartId = (links[0] as any)?.cart_id ?? null
    }
    logger.error(
      `[payments] ${providerId} ${n.out_trade_no}: paid ${fenToYuan(fen)} CNY on a dropped payment session` +
        ` (collection ${pc?.id ?? "unknown"}, cart ${cartId ?? "unknown"}); refunded in full as ${outRefundNo}`
    )
    await container.resolve(Modules.EVENT_BUS).emit({
      name: "payment.auto_refunded",
      data: {
        payment_id: null,
        payment_collection_id: pc?.id ?? null,
        cart_id: cartId,
        provider_id: providerId,
        out_trade_no: n.out_trade_no,
        out_refund_no: outRefundNo,
        amount: fenToYuan(fen),
        reason,
      },
    })
    return { outcome: "refunded" as const }
  }, { timeout: 30 })
}

/**
 * The gateway's result for a refund of such a trade (refundStrayTrade): no payment holds it, so there is
 * nothing to update; it is acknowledged (else the gateway resends it for a day), and a refund that did not
 * pay out is raised like any other (`payment.refund_failed`).
 */
async function acknowledgeStrayRefund(container: MedusaContainer, providerId: string, n: Notification): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const status = String(n.refund_status ?? "SUCCESS").toUpperCase()
  if (!REFUND_FAILED.has(status)) {
    logger.info(`[payments] ${providerId} refund ${n.out_refund_no} of dropped trade ${n.out_trade_no}: ${status}`)
    return { outcome: "ignored" }
  }
  logger.error(`[payments] ${providerId} refund ${n.out_refund_no} of dropped trade ${n.out_trade_no} ended ${status}: the customer was not paid back`)
  await container.resolve(Modules.EVENT_BUS).emit({
    name: "payment.refund_failed",
    data: { payment_id: null, provider_id: providerId, out_trade_no: n.out_trade_no, out_refund_no: n.out_refund_no, status },
  })
  return { outcome: "applied" }
}
