import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateCampaignsWorkflow } from "@medusajs/medusa/core-flows"
import { updateCouponBatchStep } from "./steps/create-coupon-batch"

export type UpdateCouponBatchInput = {
  id: string
  campaign_id: string | null
  title?: string
  total?: number
  per_customer_limit?: number
  ends_at?: Date
  status?: "ended"
}

/** Edits what may change after issue; a new end (or ending early) moves the Medusa campaign too. */
export const updateCouponBatchWorkflow = createWorkflow("update-coupon-batch", (input: UpdateCouponBatchInput) => {
  const data = transform({ input }, ({ input }) => {
    const { campaign_id, ...rest } = input
    return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as { id: string }
  })
  const batch = updateCouponBatchStep(data)
  when({ input }, ({ input }) => !!input.campaign_id && !!input.ends_at).then(() => {
    updateCampaignsWorkflow.runAsStep({
      input: transform({ input }, ({ input }) => ({
        campaignsData: [{ id: input.campaign_id!, ends_at: input.ends_at! }],
      })),
    })
  })
  return new WorkflowResponse(batch)
})
