import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
// Medusa rewrites 409 messages; the booking helper keeps ours ("already reviewed" etc.).
import { keepConflictMessage } from "../../../modules/booking/utils/errors"
import { createReviewWorkflow, type CreateReviewWorkflowInput } from "../../../workflows/review"
import { presentReview } from "./helpers"

/** 写评价: the buyer reviews one line of a completed order (once). */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const body = req.validatedBody as Omit<CreateReviewWorkflowInput, "customer_id">
  const { result } = await keepConflictMessage(() =>
    createReviewWorkflow(req.scope).run({
      input: { ...body, customer_id: req.auth_context.actor_id },
    })
  )
  res.status(201).json({
    review: presentReview(result.review, { customer_id: req.auth_context.actor_id }),
    merchant_rating: { rating_avg: result.rating.rating_avg, rating_count: result.rating.rating_count },
  })
}
