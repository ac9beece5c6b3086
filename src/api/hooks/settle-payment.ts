import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules, PaymentActions } from "@medusajs/framework/utils"
import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { toFen } from "../../lib/money"
import { completeMerchantCartWorkflow } from "../../workflows/merchant/complete-merchant-cart"

/** What a provider's getWebhookActionAndData hands back for a verified gateway notification. */
export type VerifiedEvent = {
  action: string
  data?: {
    session_id: string
    amount: unknown
    notification?: { kind: "payment" | "refund"; out_trade_no: string; amount_fen: number; [k: string]: unknown }
  }
}

/** The notification is genuine but must not be applied (wrong amount, unknown trade): answer FAIL. */
export class RefusedNotification extends Error {
  constructor(message: string) {
    super(message)
    this.name = "RefusedNotification"
  }
}

export type SettleOutcome = { outcome: "applied" | "duplicate" | "ignored"; order_id?: string }

/**
 * Applies a verified "paid" notification through Medusa. A cart that is not yet an order is completed
 * with the shop's own checkout workflow (Medusa's completeCartWorkflow inside: the provider confirms
 * the trade, the payment is authorized and captured, the order is tied to its shop). Anything else
 * (the order already exists, or the collection belongs to no cart) goes to Medusa's
 * processPaymentWorkflow. A payment already captured is left alone, so a repeated notification
 * changes nothing; a lock per session serialises notifications that arrive together.
 */
export async function settleVerifiedPayment(
  container: MedusaContainer,
  providerId: string,
  event: VerifiedEvent
): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const data = event.data
  const n = data?.notification
  if (!data?.session_id || !n) throw new RefusedNotification("通知缺少交易信息 (notification names no trade)")

  const [session] = await paymentModule.listPaymentSessions(
    { id: data.session_id },
    { relations: ["payment"], select: ["id", "amount", "raw_amount", "currency_code", "provider_id", "data", "payment_collection_id", "status"] }
  )
  if (!session || session.provider_id !== providerId) {
    throw new RefusedNotification(`未知的商户订单号 ${n.out_trade_no} (no ${providerId} session for this trade)`)
  }
  if ((session.data as any)?.out_trade_no !== n.out_trade_no) {
    throw new RefusedNotification(`商户订单号 ${n.out_trade_no} 已作废 (out_trade_no is not the session's current trade)`)
  }
  if (n.kind === "refund") return await recordRefundResult(container, providerId, session, n)
  const expected = toFen((session as any).raw_amount ?? session.amount)
  if (expected !== n.amount_fen) {
    logger.error(
      `[payments] ${providerId} notification for ${n.out_trade_no} says ${n.amount_fen} fen, the session is ${expected} fen: refused`
    )
    throw new RefusedNotification(`通知金额与订单金额不符 (notified amount does not match the session)`)
  }
  if (event.action !== PaymentActions.SUCCESSFUL && event.action !== PaymentActions.AUTHORIZED) {
    logger.info(`[payments] ${providerId} ${event.action} notification for ${n.out_trade_no}: nothing to apply`)
    return { outcome: "ignored" }
  }

  const locking = container.resolve(Modules.LOCKING)
  return await locking.execute(`payment-notify:${session.id}`, async () => {
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
    if ((fresh as any)?.payment?.captured_at) return { outcome: "duplicate" as const, order_id: orderId }

    if (cartId && !orderId) {
      const we = container.resolve(Modules.WORKFLOW_ENGINE)
      const { errors, result } = await we.run(completeMerchantCartWorkflow.getName(), {
        input: { id: cartId },
        throwOnError: false,
      })
      if (errors?.length) {
        const err = errors[0].error
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

/** Gateway words for a refund that went through; anything else final means the money did not move. */
const REFUND_DONE = new Set(["SUCCESS"])
const REFUND_FAILED = new Set(["ABNORMAL", "CLOSED"])

/**
 * A refund result notification (WeChat's REFUND.*, Alipay's refund notify). Medusa's refund record was
 * written when the gateway accepted the request; the gateway's final word arrives later. It is kept on the
 * refund's entry in the payment's data (status, time), so operators see which refunds really paid out.
 * A refund that ends ABNORMAL/CLOSED is logged as an error and raised as `payment.refund_failed`: the
 * customer has not got the money back although Medusa counts it refunded, and a person must act.
 */
async function recordRefundResult(
  container: MedusaContainer,
  providerId: string,
  session: any,
  n: NonNullable<NonNullable<VerifiedEvent["data"]>["notification"]>
): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const refundNo = String(n.out_refund_no ?? "")
  const status = String(n.refund_status ?? "SUCCESS").toUpperCase()
  const locking = container.resolve(Modules.LOCKING)
  return await locking.execute(`payment-notify:${session.id}`, async () => {
    const [fresh] = await paymentModule.listPaymentSessions({ id: session.id }, { relations: ["payment"] })
    const payment = (fresh as any)?.payment
    const refunds: any[] = Array.isArray(payment?.data?.refunds) ? payment.data.refunds : []
    const entry = refunds.find((r) => (r.out_refund_no ?? r.out_request_no) === refundNo)
    if (!payment || !entry) {
      logger.warn(`[payments] ${providerId} refund notification names unknown refund ${refundNo} of ${n.out_trade_no}`)
      throw new RefusedNotification(`未知的退款单号 ${refundNo} (no refund ${refundNo} was requested for this trade)`)
    }
    // WeChat names the refund's own amount; it must be what we asked for.
    if (entry.fen !== undefined && Number.isSafeInteger(n.amount_fen) && entry.fen !== n.amount_fen) {
      logger.error(`[payments] ${providerId} refund ${refundNo} notified ${n.amount_fen} fen, requested ${entry.fen} fen: refused`)
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
