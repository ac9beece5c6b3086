import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import type MerchantModuleService from "../../../../../modules/merchant/service"
import { REVIEW_MODULE } from "../../../../../modules/review"
import type ReviewModuleService from "../../../../../modules/review/service"
import { listVisibleReviews, presentReview } from "../../../reviews/helpers"
import type { StoreListReviewsType } from "../../../reviews/validators"

/** 商家评价: a shop's visible reviews with filters (photos, rating), newest or most useful first, and its summary. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const key = req.params.id
  const q = req.validatedQuery as unknown as StoreListReviewsType
  const merchants: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [merchant] = await merchants.listMerchants({ status: "approved", ...(key.startsWith("mer_") ? { id: key } : { slug: key }) })
  if (!merchant) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${key} 不存在或未营业 (merchant not found)`)
  const reviews: ReviewModuleService = req.scope.resolve(REVIEW_MODULE)
  const [rows, count] = await listVisibleReviews(reviews, { merchant_id: merchant.id }, q)
  const viewer = { customer_id: req.auth_context?.actor_id ?? null }
  res.json({
    summary: {
      rating_avg: merchant.rating_avg,
      rating_count: merchant.rating_count,
      ...(await reviews.breakdown({ merchant_id: merchant.id })),
    },
    reviews: rows.map((r) => presentReview(r, viewer, merchant.category)),
    count,
    limit: q.limit,
    offset: q.offset,
  })
}
