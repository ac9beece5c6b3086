import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, PaymentActions } from "@medusajs/framework/utils"
import type { VerifiedEvent } from "../settle-payment"
import type { GatewayRefund, GatewayTrade } from "../../../lib/gateway-trade"
import { GATEWAY_PROVIDER_IDS, gatewayProvider } from "../../../lib/gateway-provider"
import { fenToYuan } from "../../../lib/money"

const ALIPAY = "pp_alipay_alipay"
/** The providers whose trades live at a gateway we can ask. */
export const RECONCILED_PROVIDERS = [...GATEWAY_PROVIDER_IDS]
export const gatewayOf = gatewayProvider

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
