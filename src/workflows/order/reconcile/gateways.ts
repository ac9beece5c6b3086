import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, PaymentActions } from "@medusajs/framework/utils"
import type { VerifiedEvent } from "../../../api/hooks/settle-payment"
import type { GatewayRefund, GatewayTrade, QueryableGateway } from "../../../lib/gateway-trade"
import { fenToYuan } from "../../../lib/money"

export const WECHAT = "pp_wechatpay_wechatpay"
export const ALIPAY = "pp_alipay_alipay"
/** The providers whose trades live at a gateway we can ask. */
export const RECONCILED_PROVIDERS = [WECHAT, ALIPAY]

/**
 * The configured provider instance, asked directly: Medusa's payment module has no public call that
 * reaches a provider's own methods, so this goes through its provider registry (Medusa 2.21). null when
 * the provider is not configured here.
 */
export function gatewayOf(container: MedusaContainer, providerId: string): QueryableGateway | null {
  const payment: any = container.resolve(Modules.PAYMENT)
  const registry = payment?.paymentProviderService_
  let provider: any
  try {
    provider = registry?.__container__?.[providerId] ?? registry?.retrieveProvider?.(providerId)
  } catch {
    return null
  }
  return provider && typeof provider.queryTrade === "function" && typeof provider.queryRefundResult === "function" ? provider : null
}

/**
 * The event the provider's getWebhookActionAndData would have produced had the gateway's paid
 * notification arrived, so a payment found by asking goes through the very path a notification takes.
 */
export function paidEvent(providerId: string, sessionId: string, trade: GatewayTrade & { amount_fen: number }): VerifiedEvent {
  const base = { kind: "payment" as const, out_trade_no: trade.out_trade_no, amount_fen: trade.amount_fen, source: "reconcile" }
  const notification =
    providerId === ALIPAY
      ? { ...base, trade_status: trade.gateway_status, trade_no: trade.transaction_id }
      : { ...base, event_type: "TRANSACTION.SUCCESS", transaction_id: trade.transaction_id }
  return { action: PaymentActions.SUCCESSFUL, data: { session_id: sessionId, amount: fenToYuan(trade.amount_fen), notification } }
}

/**
 * A refund result as the gateway's refund notification would carry it. The amount is the refund's own
 * (what the refund query answers), never Alipay's running total, so the result path compares it with
 * the one refund we asked for.
 */
export function refundEvent(sessionId: string, outTradeNo: string, refund: GatewayRefund): VerifiedEvent {
  const fen = refund.amount_fen
  return {
    action: PaymentActions.NOT_SUPPORTED,
    data: {
      session_id: sessionId,
      amount: fenToYuan(Math.max(0, fen ?? 0)),
      notification: {
        kind: "refund",
        out_trade_no: outTradeNo,
        amount_fen: fen ?? Number.NaN,
        out_refund_no: refund.out_refund_no,
        refund_status: refund.status,
        success_time: refund.success_time,
        source: "reconcile",
      },
    },
  }
}
