/**
 * What a Chinese gateway says about one trade or one refund, in words both providers share, for the
 * daily reconciliation (src/workflows/order/reconcile). Each provider maps its own vocabulary onto these.
 */

/**
 * paid: the customer's money is with us. unpaid: not paid (yet), or the gateway never saw the trade.
 * closed: will never be paid (timed out, closed by us; Alipay also after a full refund). refunded: paid and
 * then (partly) refunded (WeChat's REFUND). unknown: no usable answer (gateway down, answer not ours).
 */
export type GatewayTradeState = "paid" | "unpaid" | "closed" | "refunded" | "unknown"

export type GatewayTrade = {
  out_trade_no: string
  state: GatewayTradeState
  /** The trade's total as the gateway holds it, in fen. */
  amount_fen?: number
  /** The gateway's own word (SUCCESS, NOTPAY, TRADE_SUCCESS, ACQ.TRADE_NOT_EXIST, …), for reports. */
  gateway_status: string
  transaction_id?: string
  /** Why the state is unknown. */
  detail?: string
}

/**
 * WeChat's refund words, which the refund-result path (recordRefundResult) already understands:
 * SUCCESS, PROCESSING, ABNORMAL, CLOSED; NOT_FOUND when the gateway has no such refund; UNKNOWN when it
 * could not be asked.
 */
export type GatewayRefundStatus = "SUCCESS" | "PROCESSING" | "ABNORMAL" | "CLOSED" | "NOT_FOUND" | "UNKNOWN"

export type GatewayRefund = {
  out_refund_no: string
  status: GatewayRefundStatus
  /** This refund's own amount, in fen. */
  amount_fen?: number
  success_time?: string
  detail?: string
}

/** A provider the reconciliation can ask. */
export interface QueryableGateway {
  queryTrade(outTradeNo: string): Promise<GatewayTrade>
  queryRefundResult(outTradeNo: string, outRefundNo: string): Promise<GatewayRefund>
}
