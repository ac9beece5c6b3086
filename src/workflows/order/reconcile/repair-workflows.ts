import { Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createRemoteLinkStep } from "@medusajs/medusa/core-flows"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import { confirmCartHoldsStep } from "../../booking/steps/cart-holds"
import { createMerchantOrderStep } from "../../merchant/steps/create-merchant-order"

/**
 * The last two steps of the shop's checkout (completeMerchantCartWorkflow), for an order that was placed
 * but never got them (the process stopped in between): the shop-side record, status "new", and the
 * merchant ↔ order link. The record step finds one made meanwhile; the link is only made when missing.
 */
export const repairMerchantOrderWorkflow = createWorkflow(
  "reconcile-repair-merchant-order",
  (input: { order_id: string; merchant_id: string; create_link: boolean }) => {
    const state = createMerchantOrderStep(transform({ input }, ({ input }) => ({ order_id: input.order_id, merchant_id: input.merchant_id })))
    when({ input }, ({ input }) => input.create_link).then(() => {
      createRemoteLinkStep(
        transform({ input }, ({ input }) => [
          { [MERCHANT_MODULE]: { merchant_id: input.merchant_id }, [Modules.ORDER]: { order_id: input.order_id } },
        ])
      )
    })
    return new WorkflowResponse(state)
  }
)

/** The checkout's hold confirmation, for a placed order whose cart's holds were left "held". */
export const confirmOrderHoldsWorkflow = createWorkflow(
  "reconcile-confirm-order-holds",
  (input: { cart_id: string; order_id: string }) => {
    const confirmed = confirmCartHoldsStep(input)
    return new WorkflowResponse(confirmed)
  }
)
