import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
// Medusa rewrites 409 messages; the booking helper keeps ours ("already reviewed" etc.).
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import { markReviewUsefulWorkflow } from "../../../../../workflows/review"

/** 有用: one vote per customer; a second vote is a 409. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await keepConflictMessage(() =>
    markReviewUsefulWorkflow(req.scope).run({
      input: { id: req.params.id, customer_id: req.auth_context.actor_id },
    })
  )
  res.json({ id: req.params.id, useful_count: result.useful_count })
}
