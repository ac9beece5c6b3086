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
  if (n.kind === "refund") {
    logger.info(`[payments] ${providerId} refund notification for ${n.out_trade_no}: ${String(n.refund_status ?? n.trade_status ?? "")}`)
    return { outcome: "ignored" }
  }
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
