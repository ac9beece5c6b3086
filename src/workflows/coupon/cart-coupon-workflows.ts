import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { attachCartCouponStep, detachCartCouponStep } from "./steps/attach-cart-coupon"
import { validateCartCouponStep } from "./steps/validate-cart-coupon"
import { isCouponCode } from "./promotion-data"

/**
 * Applies one wallet coupon to a cart, replacing a coupon applied before (other promotion codes stay).
 * The wallet row is attached first: the coupon's promotions match only a cart its wallet coupon is
 * attached to (see promotion-data.ts), and the validate hook lets a coupon code onto no other cart.
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
        // The payment collection must follow the new total, or a session opened next would charge the old one.
        force_refresh_payment_collection: true,
      })),
    })
    when({ decision }, ({ decision }) => !!decision.previous_cart_id).then(() => {
      updateCartPromotionsWorkflow.runAsStep({
        input: transform({ decision }, ({ decision }) => ({
          cart_id: decision.previous_cart_id!,
          promo_codes: decision.batch_codes,
          action: PromotionActions.REMOVE,
          force_refresh_payment_collection: true,
        })),
      }).config({ name: "remove-coupon-from-previous-cart" })
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
        force_refresh_payment_collection: true,
      })),
    })
    return new WorkflowResponse(undefined)
  }
)
