import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import type MerchantModuleService from "../../../../../modules/merchant/service"

/**
 * What a storefront polls while the QR code is on screen: has the gateway's notification been applied,
 * and which order did it become. Reads only; the gateway's callback is what moves the payment.
 * When the customer paid but the cart could no longer become an order (see settle-payment.ts), or the
 * gateway closed the trade unpaid, `message` says so in words the storefront can show as they are.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_collection",
    fields: [
      "id",
      "status",
      "amount",
      "currency_code",
      "metadata",
      "payment_sessions.id",
      "payment_sessions.provider_id",
      "payment_sessions.status",
      "payments.id",
      "payments.provider_id",
      "payments.captured_at",
      "payments.canceled_at",
      "payments.metadata",
    ],
    filters: { id: req.params.id },
  })
  const pc = data[0] as any
  if (!pc) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `支付单 ${req.params.id} 不存在 (payment collection not found)`)
  }
  const { data: carts } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: pc.id },
  })
  const cartId = (carts[0] as any)?.cart_id as string | undefined
  let orderId: string | null = null
  if (cartId) {
    const { data: orders } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
    orderId = (orders[0] as any)?.order_id ?? null
  }
  // An order whose checkout is still finishing on the shop's side is not named yet: the poll says "settling".
  let settling = false
  if (orderId) {
    const merchants: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
    if (!(await merchants.isOrderSettled(orderId))) {
      settling = true
      orderId = null
    }
  }
  const paid = (pc.payments ?? []).some((p: any) => p.captured_at && !p.canceled_at)
  const sessions = (pc.payment_sessions ?? []) as any[]
  // A trade paid after its session was dropped is refunded without a payment row: its mark is on the collection.
  const stray = Object.values((pc.metadata?.stray_refunds ?? {}) as Record<string, any>)
  const mark = [...(pc.payments ?? []).map((p: any) => p.metadata?.auto_refund), ...stray].find(Boolean) as
    | { reason: string; amount: string; refunded_at?: string }
    | undefined
  let message: string | null = null
  if (!orderId && !paid && mark) {
    message =
      `订单未能提交，已付的 ¥${mark.amount} 将原路退回（通常 1–3 个工作日到账），请重新下单。` +
      ` (The order could not be placed. Your payment of ¥${mark.amount} is being refunded to the account it came from, usually within 1–3 working days; please order again.)`
  } else if (!orderId && !paid && sessions.length && sessions.every((s) => s.status === "canceled")) {
    message = "支付已关闭，未扣款，请重新发起支付。 (The payment was closed without charging you; please start the payment again.)"
  }
  res.json({
    payment_status: {
      payment_collection_id: pc.id,
      status: pc.status,
      paid,
      amount: pc.amount,
      currency_code: pc.currency_code,
      cart_id: cartId ?? null,
      order_id: orderId,
      settling,
      sessions: sessions.map((s: any) => ({ id: s.id, provider_id: s.provider_id, status: s.status })),
      auto_refund: mark ? { reason: mark.reason, amount: mark.amount, refunded: !!mark.refunded_at } : null,
      message,
    },
  })
}
