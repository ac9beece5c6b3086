import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { couponCodesOn, evaluateWallet, loadCart } from "../cart-coupons"
import { batchCodes } from "../promotion-data"

/**
 * Decides whether the wallet coupon may go on the cart (every refusal with its reason) and which
 * Medusa promotion code it starts with (for 满减 the best tier reached; later refreshes re-pick the
 * tier themselves). Read-only: nothing to compensate.
 */
export const validateCartCouponStep = createStep(
  "validate-cart-coupon",
  async (input: { cart_id: string; customer_coupon_id: string; customer_id: string }, { container }) => {
    const state = await loadCart(container, input.cart_id)
    if (state.cart.completed_at) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "购物车已结算 (the cart is already completed)")
    }
    if (state.cart.customer_id !== input.customer_id) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `购物车 ${input.cart_id} 不存在 (cart not found)`)
    }
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const [coupon] = await service.listCustomerCoupons({ id: input.customer_coupon_id })
    if (!coupon || coupon.customer_id !== input.customer_id) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "这张优惠券不属于你 (this coupon is not yours)")
    }
    const [{ evaluation, batch }] = await evaluateWallet(container, state, [coupon])
    if (!evaluation.applicable) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, evaluation.reason!)
    const otherCodes = state.cart.promo_codes.filter((c) => !couponCodesOn(state).includes(c))
    // The code is passed as well as matched automatically, so a batch issued before coupon promotions
    // became automatic still applies.
    return new StepResponse({
      code: evaluation.code!,
      promo_codes: [...otherCodes, evaluation.code!],
      discount: evaluation.discount,
      // The cart the coupon leaves (one coupon, one cart): its discount goes with it.
      previous_cart_id: coupon.cart_id && coupon.cart_id !== input.cart_id ? (coupon.cart_id as string) : null,
      batch_codes: batchCodes(batch),
    })
  }
)
