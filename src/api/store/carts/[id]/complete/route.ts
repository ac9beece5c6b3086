import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { conflictError } from "../../../../../modules/booking/utils/errors"
import { completeMerchantCartWorkflow } from "../../../../../workflows/merchant/complete-merchant-cart"

// Same contract as Medusa's own route (payment errors come back as 200 with the cart), but the order
// is tied to its shop inside the same workflow.
const PAYMENT_ERRORS = [MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR]

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const cartId = req.params.id
  const we = req.scope.resolve(Modules.WORKFLOW_ENGINE)
  const { errors, result, transaction } = await we.run(completeMerchantCartWorkflow.getName(), {
    input: { id: cartId },
    throwOnError: false,
  })
  if (!transaction.hasFinished()) {
    throw conflictError("购物车正在结算中 (the cart is already being completed)")
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  if (errors?.[0]) {
    const error = errors[0].error
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
    filters: { id: result.id },
  })
  res.status(200).json({ type: "order", order: data[0] })
}
