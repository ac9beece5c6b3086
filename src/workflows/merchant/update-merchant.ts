import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { MerchantInput } from "../../modules/merchant/service"
import { normalizeMerchantInputStep } from "./steps/normalize-merchant-input"
import { updateMerchantStep } from "./steps/update-merchant"

/** A merchant edits its profile, hours, location or photos; only the given fields change. */
export const updateMerchantWorkflow = createWorkflow(
  "update-merchant",
  (input: { id: string; data: MerchantInput }) => {
    const data = normalizeMerchantInputStep({ data: input.data, partial: true, merchant_id: input.id })
    const merchant = updateMerchantStep(transform({ input, data }, ({ input, data }) => ({ id: input.id, data })))
    emitEventStep({
      eventName: "merchant.updated",
      data: transform({ merchant }, ({ merchant }) => ({ id: merchant.id })),
    })
    return new WorkflowResponse(merchant)
  }
)
