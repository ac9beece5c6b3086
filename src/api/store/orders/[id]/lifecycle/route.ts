import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { assertCustomerOrder, presentOrderLifecycle } from "../../../../order-lifecycle"

/** The customer's order as its lifecycle sees it: status, reason, shop, amounts, refunds, appointments, vouchers, actions. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await assertCustomerOrder(req.scope, req.params.id, req.auth_context.actor_id)
  res.json({ order: await presentOrderLifecycle(req.scope, req.params.id, "customer") })
}
