import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { applyCartPointsWorkflow, cartPointsView, removeCartPointsWorkflow } from "../../../../../workflows/points/cart-points"

/** GET /store/carts/:id/points — balance, the most points this cart may use, what is applied now. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { view } = await cartPointsView(req.scope, req.params.id, req.auth_context.actor_id)
  res.json({ points: view })
}

/** POST /store/carts/:id/points { points } — use points on this cart (replaces an earlier choice). */
export const POST = async (req: AuthenticatedMedusaRequest<{ points: number }>, res: MedusaResponse) => {
  await applyCartPointsWorkflow(req.scope).run({
    input: { cart_id: req.params.id, customer_id: req.auth_context.actor_id, points: req.validatedBody.points },
  })
  const { view } = await cartPointsView(req.scope, req.params.id, req.auth_context.actor_id)
  res.json({ points: view })
}

/** DELETE /store/carts/:id/points — stop using points on this cart. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await removeCartPointsWorkflow(req.scope).run({
    input: { cart_id: req.params.id, customer_id: req.auth_context.actor_id },
  })
  const { view } = await cartPointsView(req.scope, req.params.id, req.auth_context.actor_id)
  res.json({ points: view })
}
