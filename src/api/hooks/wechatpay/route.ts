import { randomUUID } from "node:crypto"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { isPaymentProviderEnabled } from "../../../lib/payment-provider-enabled"
import { RefusedNotification, settleVerifiedPayment, type VerifiedEvent } from "../../../workflows/order/settle-payment"

const PROVIDER = "pp_wechatpay_wechatpay"

/**
 * WeChat Pay v3 payment and refund callbacks (支付/退款结果通知). Verified before anything is read;
 * WeChat wants 2xx for "received" and 4xx/5xx with {code:"FAIL"} to send it again later.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const fail = (status: number, message: string) => res.status(status).json({ code: "FAIL", message })
  if (!(await isPaymentProviderEnabled(req.scope, PROVIDER))) {
    return fail(404, "微信支付未启用 (WeChat Pay is not configured here)")
  }
  let event: VerifiedEvent
  try {
    event = (await req.scope.resolve(Modules.PAYMENT).getWebhookActionAndData({
      provider: PROVIDER,
      payload: { data: req.body as Record<string, unknown>, rawData: (req as any).rawBody, headers: req.headers },
    })) as VerifiedEvent
  } catch (e: any) {
    if (!MedusaError.isMedusaError(e)) {
      logger.error(`[wechatpay] callback could not be checked: ${e?.message}`)
      return fail(500, "校验出错，请重试 (the callback could not be checked, retry later)")
    }
    logger.warn(`[wechatpay] callback refused: ${e.message}`)
    return fail(e.type === MedusaError.Types.UNAUTHORIZED ? 401 : 400, e.message)
  }
  // The provider remembers nonces only in its own process; several server instances behind one
  // address share Medusa's locking module (Redis in production), so a request replayed to another
  // instance within WeChat's 5-minute window is refused as well.
  const nonce = String(req.headers["wechatpay-nonce"] ?? "")
  try {
    await req.scope
      .resolve(Modules.LOCKING)
      .acquire(`wechatpay-nonce:${nonce}`, { ownerId: `wechatpay-callback-${randomUUID()}`, expire: 600 })
  } catch {
    logger.warn(`[wechatpay] callback refused: nonce ${nonce} was already used`)
    return fail(401, "回调 nonce 重复 (replayed callback nonce)")
  }
  try {
    const { outcome } = await settleVerifiedPayment(req.scope, PROVIDER, event)
    logger.info(`[wechatpay] callback for ${event.data?.notification?.out_trade_no}: ${outcome}`)
    return res.status(200).json({ code: "SUCCESS", message: "成功" })
  } catch (e: any) {
    if (e instanceof RefusedNotification) return fail(400, e.message)
    logger.error(`[wechatpay] callback for ${event.data?.notification?.out_trade_no} not applied: ${e?.message}`)
    // 5xx: WeChat retries on its schedule, by which time the cause may be gone.
    return fail(500, "处理失败，请重试 (processing failed, retry later)")
  }
}
