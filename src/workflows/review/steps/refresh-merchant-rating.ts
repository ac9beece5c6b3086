import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import { REVIEW_MODULE } from "../../../modules/review"
import type ReviewModuleService from "../../../modules/review/service"
import { summaryFromTotals } from "../../../modules/review/utils/rules"

type Previous = {
  merchant: { id: string; rating_avg: number; rating_count: number }
  product: { product_id: string; before: { merchant_id: string; rating_avg: number; rating_count: number } | null } | null
}

/**
 * Recomputes the shop's rating, and the reviewed product's, from their visible reviews: the shop's is
 * stored on the merchant, the product's in the review module (review_product_rating). The recount is
 * idempotent; the lock per shop (which also covers its products) makes the last writer also the last
 * reader, so two reviews written at once never leave a count that misses one of them. The nearby index
 * picks both up on the `merchant.rating_updated` event that follows.
 */
export const refreshMerchantRatingStep = createStep(
  "review-refresh-merchant-rating",
  async (input: { merchant_id: string; product_id?: string | null }, { container }) => {
    const reviews: ReviewModuleService = container.resolve(REVIEW_MODULE)
    const merchants: any = container.resolve(MERCHANT_MODULE)
    const locking: any = container.resolve(Modules.LOCKING)
    const result = await locking.execute(
      `review-rating:${input.merchant_id}`,
      async () => {
        const prev = await merchants.retrieveMerchant(input.merchant_id, { select: ["id", "rating_avg", "rating_count"] })
        const totals = await reviews.merchantTotals(input.merchant_id)
        const summary = summaryFromTotals(totals.sum, totals.count)
        await merchants.updateMerchants({ id: input.merchant_id, ...summary })
        const product = input.product_id
          ? await reviews.recountProductRating({ product_id: input.product_id, merchant_id: input.merchant_id })
          : null
        const previous: Previous = {
          merchant: { id: prev.id, rating_avg: prev.rating_avg, rating_count: prev.rating_count },
          product: product ? { product_id: input.product_id!, before: product.prev } : null,
        }
        return { previous, summary, product: product?.summary ?? null }
      },
      { timeout: 10 }
    )
    return new StepResponse(
      { merchant_id: input.merchant_id, ...result.summary, product: result.product },
      result.previous as Previous
    )
  },
  async (prev, { container }) => {
    if (!prev) return
    await (container.resolve(MERCHANT_MODULE) as any).updateMerchants(prev.merchant)
    if (prev.product) await (container.resolve(REVIEW_MODULE) as ReviewModuleService).restoreProductRating(prev.product)
  }
)
