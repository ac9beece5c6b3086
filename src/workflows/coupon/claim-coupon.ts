import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { claimCouponStep } from "./steps/claim-coupon"

/** A customer takes one coupon of a batch into the wallet (never more than the batch total). */
export const claimCouponWorkflow = createWorkflow("claim-coupon", (input: { batch_id: string; customer_id: string }) => {
  return new WorkflowResponse(claimCouponStep(input))
})
