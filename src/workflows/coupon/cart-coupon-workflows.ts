import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { attachCartCouponStep, detachCartCouponStep } from "./steps/attach-cart-coupon"
import { validateCartCouponStep } from "./steps/validate-cart-coupon"
import { isCouponCode } from "./promotion-data"

/**
 * Applies one wallet coupon to a cart, replacing a coupon applied before (other promotion codes stay).
 * The wallet row is attached first: the updateCartPromotions validate hook only lets a coupon code
 * onto a cart that a wallet coupon is attached to.
 */
export const applyCartCouponWorkflow = createWorkflow(
  "apply-cart-coupon",
  (input: { cart_id: string; customer_coupon_id: string; customer_id: string }) => {
    const decision = validateCartCouponStep(input)
    attachCartCouponStep(
      transform({ input, decision }, ({ input, decision }) => ({
        cart_id: input.cart_id,
        customer_coupon_id: input.customer_coupon_id,
        code: decision.code,
      }))
    )
    updateCartPromotionsWorkflow.runAsStep({
      input: transform({ input, decision }, ({ input, decision }) => ({
        cart_id: input.cart_id,
        promo_codes: decision.promo_codes,
        action: PromotionActions.REPLACE,
      })),
    })
    return new WorkflowResponse(decision)
  }
)

export const removeCartCouponWorkflow = createWorkflow(
  "remove-cart-coupon",
  (input: { cart_id: string; promo_codes: string[] }) => {
    detachCartCouponStep({ cart_id: input.cart_id })
    updateCartPromotionsWorkflow.runAsStep({
      input: transform({ input }, ({ input }) => ({
        cart_id: input.cart_id,
        promo_codes: input.promo_codes.filter(isCouponCode),
        action: PromotionActions.REMOVE,
      })),
    })
    return new WorkflowResponse(undefined)
  }
)
