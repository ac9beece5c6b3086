import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { isPaymentProviderEnabled } from "../../../lib/payment-provider-enabled"
import { RefusedNotification, settleVerifiedPayment, type VerifiedEvent } from "../../../workflows/order/settle-payment"

const PROVIDER = "pp_alipay_alipay"

/**
 * Alipay asynchronous notify (异步通知), form-encoded. Alipay counts only the literal body `success`
 * as received; anything else makes it resend (up to 8 times over about 25 hours).
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const answer = (status: number, body: "success" | "fail") => res.status(status).type("text/plain").send(body)
  if (!(await isPaymentProviderEnabled(req.scope, PROVIDER))) {
    return res.status(404).type("text/plain").send("支付宝未启用 (Alipay is not configured here)")
  }
  let event: VerifiedEvent
  try {
    event = (await req.scope.resolve(Modules.PAYMENT).getWebhookActionAndData({
      provider: PROVIDER,
      payload: { data: (req.body ?? {}) as Record<string, unknown>, rawData: (req as any).rawBody, headers: req.headers },
    })) as VerifiedEvent
  } catch (e: any) {
    if (!MedusaError.isMedusaError(e)) {
      logger.error(`[alipay] notify could not be checked: ${e?.message}`)
      return answer(500, "fail")
    }
    logger.warn(`[alipay] notify refused: ${e.message}`)
    return answer(e.type === MedusaError.Types.UNAUTHORIZED ? 401 : 400, "fail")
  }
  try {
    const { outcome } = await settleVerifiedPayment(req.scope, PROVIDER, event)
    logger.info(`[alipay] notify for ${event.data?.notification?.out_trade_no}: ${outcome}`)
    return answer(200, "success")
  } catch (e: any) {
    if (e instanceof RefusedNotification) {
      logger.warn(`[alipay] notify refused: ${e.message}`)
      return answer(400, "fail")
    }
    logger.error(`[alipay] notify for ${event.data?.notification?.out_trade_no} not applied: ${e?.message}`)
    return answer(500, "fail")
  }
}
