import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { cancelOrderWorkflow, completeOrderWorkflow, emitEventStep } from "@medusajs/medusa/core-flows"
import type { MerchantOrderStatus } from "../../modules/merchant/models"
import { assertMerchantOwnsStep } from "./steps/assert-merchant-owns"
import { changeMerchantOrderStatusStep } from "./steps/change-merchant-order-status"

export type UpdateMerchantOrderStatusInput = {
  merchant_id: string
  order_id: string
  to: MerchantOrderStatus
  reason?: string | null
}

/**
 * The shop accepts (接单), rejects with a reason (拒单 — Medusa's order is canceled, releasing stock and
 * the authorised payment), marks ready (备好) or completes (完成 — Medusa's order is completed).
 */
export const updateMerchantOrderStatusWorkflow = createWorkflow(
  "update-merchant-order-status",
  (input: UpdateMerchantOrderStatusInput) => {
    assertMerchantOwnsStep(
      transform({ input }, ({ input }) => ({
        merchant_id: input.merchant_id,
        entity: "order" as const,
        ids: [input.order_id],
      }))
    )
    const record = changeMerchantOrderStatusStep(input)
    when({ input }, ({ input }) => input.to === "rejected").then(() => {
      cancelOrderWorkflow.runAsStep({
        input: transform({ input }, ({ input }) => ({ order_id: input.order_id })),
      })
    })
    when({ input }, ({ input }) => input.to === "completed").then(() => {
      completeOrderWorkflow.runAsStep({
        input: transform({ input }, ({ input }) => ({ orderIds: [input.order_id] })),
      })
    })
    emitEventStep({
      eventName: transform({ input }, ({ input }) => `merchant_order.${input.to}`),
      data: transform({ input }, ({ input }) => ({ order_id: input.order_id, merchant_id: input.merchant_id })),
    })
    return new WorkflowResponse(record)
  }
)
