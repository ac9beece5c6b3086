import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteProductsWorkflow } from "@medusajs/medusa/core-flows"
import { assertMerchantOwnsStep } from "./steps/assert-merchant-owns"

export const deleteMerchantProductWorkflow = createWorkflow(
  "delete-merchant-product",
  (input: { merchant_id: string; product_id: string }) => {
    assertMerchantOwnsStep(
      transform({ input }, ({ input }) => ({
        merchant_id: input.merchant_id,
        entity: "product" as const,
        ids: [input.product_id],
      }))
    )
    deleteProductsWorkflow.runAsStep({
      input: transform({ input }, ({ input }) => ({ ids: [input.product_id] })),
    })
    return new WorkflowResponse(transform({ input }, ({ input }) => ({ id: input.product_id, deleted: true })))
  }
)
