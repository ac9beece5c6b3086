import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import { REVIEW_MODULE } from "../../../modules/review"
import type ReviewModuleService from "../../../modules/review/service"
import { summaryFromTotals } from "../../../modules/review/utils/rules"

type Previous = { id: string; rating_avg: number; rating_count: number }

/**
 * Recomputes the shop's rating from its visible reviews and stores it on the merchant. The recount is
 * idempotent; the lock per shop makes the last writer also the last reader, so two reviews written at
 * once never leave a count that misses one of them.
 */
export const refreshMerchantRatingStep = createStep(
  "review-refresh-merchant-rating",
  async (input: { merchant_id: string }, { container }) => {
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
        return { prev: { id: prev.id, rating_avg: prev.rating_avg, rating_count: prev.rating_count } as Previous, summary }
      },
      { timeout: 10 }
    )
    return new StepResponse({ merchant_id: input.merchant_id, ...result.summary }, result.prev)
  },
  async (prev, { container }) => {
    if (!prev) return
    await (container.resolve(MERCHANT_MODULE) as any).updateMerchants(prev)
  }
)
