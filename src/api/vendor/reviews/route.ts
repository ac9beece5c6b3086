import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import { REVIEW_MODULE } from "../../../modules/review"
import type ReviewModuleService from "../../../modules/review/service"
import { presentReview, ratingFilter } from "../../store/reviews/helpers"
import { getVendor } from "../helpers"

/** The shop's own reviews (hidden ones too, so it sees why), newest first; ?replied=false finds the unanswered. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const q = req.validatedQuery as any
  const reviews: ReviewModuleService = req.scope.resolve(REVIEW_MODULE)
  const filters: Record<string, unknown> = { merchant_id: vendor.merchant_id, ...ratingFilter(q) }
  if (q.status) filters.status = q.status
  if (q.replied !== undefined) filters.reply_text = q.replied ? { $ne: null } : null
  const [rows, count] = await reviews.listAndCountReviews(filters, {
    order: { created_at: "DESC", id: "DESC" },
    take: q.limit,
    skip: q.offset,
  })
  const merchant = await (req.scope.resolve(MERCHANT_MODULE) as any).retrieveMerchant(vendor.merchant_id, {
    select: ["id", "category", "rating_avg", "rating_count"],
  })
  res.json({
    summary: { rating_avg: merchant.rating_avg, rating_count: merchant.rating_count },
    reviews: rows.map((r) => presentReview(r, { merchant_id: vendor.merchant_id }, merchant.category)),
    count,
    limit: q.limit,
    offset: q.offset,
  })
}
