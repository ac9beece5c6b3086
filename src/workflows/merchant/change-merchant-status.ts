import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  emitEventStep,
  linkProductsToSalesChannelWorkflow,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import { changeMerchantStatusStep, type ChangeMerchantStatusInput } from "./steps/change-merchant-status"
import { catalogueLockKey, planMerchantCatalogueStep } from "./steps/merchant-catalogue-visibility"

/**
 * Operator review: approve, reject (with reason), suspend (with reason), reinstate. The shop's products
 * join the storefront's sales channel when it is approved and leave it otherwise, in the same run: a
 * failure on either side undoes both.
 */
export const changeMerchantStatusWorkflow = createWorkflow(
  "change-merchant-status",
  (input: ChangeMerchantStatusInput) => {
    const lockKey = transform({ input }, ({ input }) => catalogueLockKey(input.merchant_id))
    acquireLockStep({ key: lockKey, timeout: 15, ttl: 60 })
    const merchant = changeMerchantStatusStep(input)
    const plan = planMerchantCatalogueStep(
      transform({ input }, ({ input }) => ({ merchant_id: input.merchant_id, visible: input.to === "approved" }))
    )
    linkProductsToSalesChannelWorkflow.runAsStep({ input: plan })
    releaseLockStep({ key: lockKey })
    emitEventStep({
      eventName: transform({ input }, ({ input }) => `merchant.${input.to}`),
      data: transform({ merchant }, ({ merchant }) => ({ id: merchant.id, status: merchant.status })),
    })
    return new WorkflowResponse(merchant)
  }
)
