import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { conflictError } from "../../../../../modules/booking/utils/errors"
import { placeOrder } from "../../../../../workflows/order/place-order"

// Same contract as Medusa's own route (payment errors come back as 200 with the cart), but the order
// is tied to its shop inside the same workflow.
const PAYMENT_ERRORS = [MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR]

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const cartId = req.params.id
  // Locked per cart: a gateway notification completing the same cart at the same moment makes the order
  // once, and whichever of the two comes second is handed that order.
  const placed = await placeOrder(req.scope, cartId).catch((e) => {
    throw e?.type === MedusaError.Types.CONFLICT ? conflictError(e.message) : e
  })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  if (!placed.order_id) {
    const error = placed.error
    // A 409 from a step (a hold lost while the order was placed) keeps its text: Medusa's error handler
    // would otherwise answer every conflict with a generic idempotency notice.
    if (error?.type === MedusaError.Types.CONFLICT && error?.message) throw conflictError(error.message)
    if (!PAYMENT_ERRORS.includes(error?.type)) throw error
    const { data: carts } = await query.graph({ entity: "cart", fields: ["*", "items.*"], filters: { id: cartId } })
    return res.status(200).json({
      type: "cart",
      cart: carts[0],
      error: { message: error.message, name: error.name, type: error.type },
    })
  }
  const { data } = await query.graph({
    entity: "order",
    fields: ["*", "items.*", "merchant.id", "merchant.name", "merchant.slug"],
    filters: { id: placed.order_id },
  })
  res.status(200).json({ type: "order", order: data[0] })
}
