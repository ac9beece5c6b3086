import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { REVIEW_MODULE } from "../../../../../modules/review"
import type ReviewModuleService from "../../../../../modules/review/service"
import { summaryFromTotals } from "../../../../../modules/review/utils/rules"
import { listVisibleReviews, presentReview } from "../../../reviews/helpers"
import type { StoreListReviewsType } from "../../../reviews/validators"

/** A product's (or service's) rating summary and its visible reviews, counted live from the review table. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as StoreListReviewsType
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: ["id", "status", "merchant.id", "merchant.category", "merchant.status"],
    filters: { id: req.params.id },
  })
  const product: any = data[0]
  if (!product || product.status !== "published" || product.merchant?.status !== "approved") {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `商品 ${req.params.id} 不存在 (product not found)`)
  }
  const reviews: ReviewModuleService = req.scope.resolve(REVIEW_MODULE)
  const [rows, count] = await listVisibleReviews(reviews, { product_id: product.id }, q)
  const totals = (await reviews.productTotals([product.id])).get(product.id) ?? { sum: 0, count: 0 }
  const viewer = { customer_id: req.auth_context?.actor_id ?? null }
  res.json({
    summary: { ...summaryFromTotals(totals.sum, totals.count), ...(await reviews.breakdown({ product_id: product.id })) },
    reviews: rows.map((r) => presentReview(r, viewer, product.merchant?.category)),
    count,
    limit: q.limit,
    offset: q.offset,
  })
}
