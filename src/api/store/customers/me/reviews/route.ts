import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { REVIEW_MODULE } from "../../../../../modules/review"
import type ReviewModuleService from "../../../../../modules/review/service"
import { customerOrderLines } from "../../../../../workflows/review/eligibility"
import { presentReview } from "../../../reviews/helpers"

/** 我的评价: the customer's own reviews (hidden ones too, with the reason) and the completed lines still to review. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = req.auth_context.actor_id
  const reviews: ReviewModuleService = req.scope.resolve(REVIEW_MODULE)
  const own = await reviews.listReviews({ customer_id: customerId }, { order: { created_at: "DESC" }, take: 500 })
  const reviewed = new Set(own.map((r) => r.line_item_id))
  const lines = await customerOrderLines(req.scope, customerId)
  res.json({
    reviews: own.map((r) => presentReview(r, { customer_id: customerId })),
    to_review: lines
      .filter((l) => l.completed_by && l.merchant_id && !reviewed.has(l.line_item_id))
      .map(({ variant_id, merchant_category, ...l }) => l),
  })
}
