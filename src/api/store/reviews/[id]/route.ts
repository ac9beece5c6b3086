import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { editReviewWorkflow } from "../../../../workflows/review"
import { presentReview } from "../helpers"

/** 修改评价: the author only, within 7 days of writing it. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await editReviewWorkflow(req.scope).run({
    input: { ...(req.validatedBody as Record<string, unknown>), id: req.params.id, customer_id: req.auth_context.actor_id },
  })
  res.json({
    review: presentReview(result.review, { customer_id: req.auth_context.actor_id }),
    merchant_rating: { rating_avg: result.rating.rating_avg, rating_count: result.rating.rating_count },
  })
}
