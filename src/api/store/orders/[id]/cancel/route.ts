import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import { customerCancelOrderWorkflow } from "../../../../../workflows/order/order-actions"
import { assertCustomerOrder, presentOrderLifecycle } from "../../../../order-lifecycle"

/** 未接单可取消: the whole order, while the shop has not accepted it and nothing was served. */
export const POST = async (req: AuthenticatedMedusaRequest<{ reason?: string }>, res: MedusaResponse) => {
  const { merchant_id } = await assertCustomerOrder(req.scope, req.params.id, req.auth_context.actor_id)
  await keepConflictMessage(() =>
    customerCancelOrderWorkflow(req.scope).run({
      input: { order_id: req.params.id, merchant_id, reason: req.validatedBody?.reason ?? null },
    })
  )
  res.json({ order: await presentOrderLifecycle(req.scope, req.params.id, "customer") })
}
