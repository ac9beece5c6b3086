import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCampaignsWorkflow, createPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { buildCouponPromotions, type CouponBatchInput } from "./promotion-data"
import { createCouponBatchStep } from "./steps/create-coupon-batch"

/**
 * A coupon batch and the Medusa campaign (validity window) and promotion(s) that do the discounting.
 * Each part compensates, so a failure leaves neither a batch without promotion nor the reverse.
 */
export const createCouponBatchWorkflow = createWorkflow("create-coupon-batch", (input: CouponBatchInput) => {
  const plan = transform({ input }, ({ input }) => buildCouponPromotions(input))
  const campaigns = createCampaignsWorkflow.runAsStep({
    input: transform({ plan }, ({ plan }) => ({ campaignsData: [plan.campaign] })),
  })
  const promotions = createPromotionsWorkflow.runAsStep({
    input: transform({ plan, campaigns }, ({ plan, campaigns }) => ({
      promotionsData: plan.promotions.map((p) => ({ ...p, campaign_id: campaigns[0].id })) as any,
    })),
  })
  const row = transform({ input, plan, campaigns, promotions }, ({ input, plan, campaigns, promotions }) => {
    const byCode = new Map((promotions as any[]).map((p) => [p.code, p.id]))
    return {
      id: plan.batch_id,
      merchant_id: input.merchant_id,
      title: input.title,
      kind: input.kind,
      value: input.kind === "tiered" ? null : input.value,
      tiers: plan.tiers ? plan.tiers.map((t) => ({ ...t, promotion_id: byCode.get(t.code) })) : null,
      min_spend: input.kind === "tiered" ? Math.min(...plan.tiers!.map((t) => t.min)) : input.min_spend ?? 0,
      starts_at: input.starts_at,
      ends_at: input.ends_at,
      total: input.total,
      per_customer_limit: input.per_customer_limit ?? 1,
      new_customer_only: input.new_customer_only ?? false,
      campaign_id: campaigns[0].id,
      promotion_id: (promotions as any[])[0].id,
      code: plan.code,
    }
  })
  return new WorkflowResponse(createCouponBatchStep(row))
})
