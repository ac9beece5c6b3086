import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * What a storefront polls while the QR code is on screen: has the gateway's notification been applied,
 * and which order did it become. Reads only; the gateway's callback is what moves the payment.
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
      "payment_sessions.id",
      "payment_sessions.provider_id",
      "payment_sessions.status",
      "payments.id",
      "payments.provider_id",
      "payments.captured_at",
      "payments.canceled_at",
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
  const paid = (pc.payments ?? []).some((p: any) => p.captured_at && !p.canceled_at)
  res.json({
    payment_status: {
      payment_collection_id: pc.id,
      status: pc.status,
      paid,
      amount: pc.amount,
      currency_code: pc.currency_code,
      cart_id: cartId ?? null,
      order_id: orderId,
      sessions: (pc.payment_sessions ?? []).map((s: any) => ({ id: s.id, provider_id: s.provider_id, status: s.status })),
    },
  })
}
