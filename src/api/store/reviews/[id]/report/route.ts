import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
// Medusa rewrites 409 messages; the booking helper keeps ours ("already reviewed" etc.).
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import { reportReviewWorkflow } from "../../../../../workflows/review"

/** 举报: once per customer; the review moves up the operators' moderation queue. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const body = (req.validatedBody ?? {}) as { reason?: string }
  await keepConflictMessage(() =>
    reportReviewWorkflow(req.scope).run({
      input: { id: req.params.id, customer_id: req.auth_context.actor_id, reason: body.reason ?? null },
    })
  )
  res.status(201).json({ id: req.params.id, reported: true })
}
