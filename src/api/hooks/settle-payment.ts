import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { processPaymentWorkflow, refundPaymentsWorkflow } from "@medusajs/medusa/core-flows"
import { fenToYuan, toFen, yuanToFen } from "../../lib/money"
import { completeMerchantCartWorkflow } from "../../workflows/merchant/complete-merchant-cart"

type Notification = {
  kind: "payment" | "refund"
  out_trade_no: string
  amount_fen: number
  out_refund_no?: string
  refund_status?: string
  /** Alipay: refund_fee, the running total refunded on the trade, in fen. */
  refund_total_fen?: number
  success_time?: string
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
      const we = container.resolve(Modules.WORKFLOW_ENGINE)
      const { errors, result } = await we.run(completeMerchantCartWorkflow.getName(), {
        input: { id: cartId },
        throwOnError: false,
      })
      if (errors?.length) {
        const err = errors[0].error
        if (isBusinessRefusal(err)) {
          return await refundUnplaceable(container, { ...trade, cartId, reason: String(err?.message ?? err) })
        }
        throw MedusaError.isMedusaError(err) ? err : new Error(err?.message ?? String(err))
      }
      return { outcome: "applied" as const, order_id: (result as any)?.id }
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
