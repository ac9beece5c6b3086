import type { MedusaContainer, RefundPaymentInput, RefundPaymentOutput } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { QueryableGateway } from "./gateway-trade"
import { paidTradeRefusal, tradeUnknownRefusal } from "./trade"

/** The providers whose trades live at a Chinese gateway (WeChat Pay, Alipay). */
export const GATEWAY_PROVIDER_IDS = ["pp_wechatpay_wechatpay", "pp_alipay_alipay"] as const

export type GatewayProvider = QueryableGateway & {
  release(outTradeNo: string): Promise<void>
  refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput>
}

/**
 * One of our gateway providers as an object to ask. Medusa's payment module offers no way to ask a
 * provider about a trade outside its own session and payment flows (a trade whose session is gone, or
 * "is this paid?" before Medusa drops a session), so this reaches the provider the module registered.
 * null for any other provider or one not configured here.
 */
export function gatewayProvider(container: MedusaContainer, providerId: string): GatewayProvider | null {
  if (!(GATEWAY_PROVIDER_IDS as readonly string[]).includes(providerId)) return null
  const providers = (container.resolve(Modules.PAYMENT) as any).paymentProviderService_
  try {
    const p = providers?.retrieveProvider(providerId)
    return typeof p?.queryTrade === "function" && typeof p?.release === "function" ? (p as GatewayProvider) : null
  } catch {
    return null
  }
}

/**
 * Refuses to let Medusa drop the sessions of a payment collection (a new session replaces them; a cart
 * change re-prices the collection) while one of their trades is paid or cannot be checked. Medusa
 * logs and swallows a provider's refusal to delete a session and goes on with a new one, so the
 * customer's request has to be stopped before it gets there.
 */
export async function refusePaidTrades(container: MedusaContainer, paymentCollectionId: string): Promise<void> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const sessions = await paymentModule.listPaymentSessions(
    { payment_collection_id: paymentCollectionId, provider_id: [...GATEWAY_PROVIDER_IDS] } as any,
    { select: ["id", "provider_id", "data"] }
  )
  for (const s of sessions) {
    const outTradeNo = (s.data as any)?.out_trade_no
    const provider = gatewayProvider(container, s.provider_id)
    if (!outTradeNo || !provider) continue
    const trade = await provider.queryTrade(String(outTradeNo))
    if (trade.state === "paid") throw paidTradeRefusal()
    if (trade.state === "unknown") {
      throw tradeUnknownRefusal(s.provider_id.includes("alipay") ? "支付宝" : "微信支付", trade.detail || trade.gateway_status)
    }
  }
}
