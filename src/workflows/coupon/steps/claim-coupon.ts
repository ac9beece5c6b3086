import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { hasPriorOrder } from "../cart-coupons"

export const claimCouponStep = createStep(
  "claim-coupon",
  async (input: { batch_id: string; customer_id: string }, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const coupon = await service.claim({ ...input, has_prior_order: await hasPriorOrder(container, input.customer_id) })
    return new StepResponse(coupon, coupon.id as string)
  },
  async (id, { container }) => {
    if (!id) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.unclaim(id)
  }
)
