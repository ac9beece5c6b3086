import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import { operatorRefundOrderWorkflow } from "../../../../../workflows/order/order-actions"
import { presentOrderLifecycle } from "../../../../order-lifecycle"

/**
 * 运营退款: everything still held goes back to the customer; an order not yet completed is cancelled with
 * it (seats, coupon and points given back). Refused with a reason when the lifecycle has nothing to refund.
 */
export const POST = async (req: AuthenticatedMedusaRequest<{ reason: string }>, res: MedusaResponse) => {
  await keepConflictMessage(() =>
    operatorRefundOrderWorkflow(req.scope).run({
      input: { order_id: req.params.id, reason: req.validatedBody.reason, actor_id: req.auth_context.actor_id },
    })
  )
  res.json({ order: await presentOrderLifecycle(req.scope, req.params.id, "operator") })
}
