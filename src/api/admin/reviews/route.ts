import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { REVIEW_MODULE } from "../../../modules/review"
import type ReviewModuleService from "../../../modules/review/service"
import { presentReview } from "../../store/reviews/helpers"

/**
 * 评价审核 queue: reported reviews first (most reports on top), then newest. `status=reported` shows
 * visible reviews with at least one report, `hidden` the hidden ones.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as any
  const reviews: ReviewModuleService = req.scope.resolve(REVIEW_MODULE)
  const filters: Record<string, unknown> = {}
  if (q.merchant_id) filters.merchant_id = q.merchant_id
  if (q.status === "visible" || q.status === "hidden") filters.status = q.status
  if (q.status === "reported") Object.assign(filters, { status: "visible", report_count: { $gt: 0 } })
  const [rows, count] = await reviews.listAndCountReviews(filters, {
    order: { report_count: "DESC", created_at: "DESC", id: "DESC" },
    take: q.limit,
    skip: q.offset,
  })
  const reports = rows.length
    ? await reviews.listReviewReports({ review_id: rows.map((r) => r.id) }, { order: { created_at: "DESC" } })
    : []
  res.json({
    reviews: rows.map((r) => ({
      ...presentReview(r, { operator: true }),
      reports: reports
        .filter((p) => p.review_id === r.id)
        .map((p) => ({ customer_id: p.customer_id, reason: p.reason, created_at: p.created_at })),
    })),
    count,
    limit: q.limit,
    offset: q.offset,
  })
}
