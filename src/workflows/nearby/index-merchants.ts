import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { indexMerchantsStep } from "./steps/index-merchants"

export const indexMerchantsWorkflow = createWorkflow("index-nearby-merchants", (input: { merchant_ids: string[] }) => {
  return new WorkflowResponse(indexMerchantsStep(input))
})
