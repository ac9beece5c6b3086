import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { changeMerchantStatusStep, type ChangeMerchantStatusInput } from "./steps/change-merchant-status"

/** Operator review: approve, reject (with reason), suspend (with reason), reinstate. */
export const changeMerchantStatusWorkflow = createWorkflow(
  "change-merchant-status",
  (input: ChangeMerchantStatusInput) => {
    const merchant = changeMerchantStatusStep(input)
    emitEventStep({
      eventName: transform({ input }, ({ input }) => `merchant.${input.to}`),
      data: transform({ merchant }, ({ merchant }) => ({ id: merchant.id, status: merchant.status })),
    })
    return new WorkflowResponse(merchant)
  }
)
