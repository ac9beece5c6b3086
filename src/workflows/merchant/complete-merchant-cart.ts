import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflow, createRemoteLinkStep } from "@medusajs/medusa/core-flows"
import { MERCHANT_MODULE } from "../../modules/merchant"
import { createMerchantOrderStep } from "./steps/create-merchant-order"
import { resolveCartMerchantStep } from "./steps/resolve-cart-merchant"
import { confirmCartHoldsStep, prepareCartHoldsStep } from "../booking/steps/cart-holds"
import { issueOrderVouchersStep } from "../booking/steps/issue-vouchers"
import { markCouponUsedStep } from "../coupon/steps/mark-coupon-used"
import { debitOrderPointsStep } from "../points/steps/debit-order-points"

/**
 * Checkout for a per-shop cart: Medusa's own cart completion, then the order is tied to its merchant
 * in the same workflow, so the shop sees every order it was paid for and no order lacks a shop.
 * Points are debited, held slots confirmed and the wallet coupon marked used in the same run; each of
 * those steps compensates, so a refusal late in the run leaves no order, no charge and no spent coupon.
 */
export const completeMerchantCartWorkflow = createWorkflow(
  "complete-merchant-cart",
  (input: { id: string }) => {
    const merchant = resolveCartMerchantStep({ cart_id: input.id })
    prepareCartHoldsStep({ cart_id: input.id })
    const order = completeCartWorkflow.runAsStep({ input: { id: input.id } })
    debitOrderPointsStep(transform({ order }, ({ order }) => ({ order_id: order.id })))
    confirmCartHoldsStep(transform({ order, input }, ({ order, input }) => ({ cart_id: input.id, order_id: order.id })))
    issueOrderVouchersStep(transform({ order }, ({ order }) => ({ order_id: order.id })))
    markCouponUsedStep(transform({ order, input }, ({ order, input }) => ({ cart_id: input.id, order_id: order.id })))
    const link = transform({ merchant, order }, ({ merchant, order }) => {
      if (!merchant) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "购物车中没有商家的商品 (the cart has no shop's items)")
      }
      return { merchant_id: merchant.id, order_id: order.id }
    })
    createMerchantOrderStep(link)
    createRemoteLinkStep(
      transform({ link }, ({ link }) => [
        { [MERCHANT_MODULE]: { merchant_id: link.merchant_id }, [Modules.ORDER]: { order_id: link.order_id } },
      ])
    )
    return new WorkflowResponse(order)
  }
)
