import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { hasPriorOrder } from "../cart-coupons"

export const claimCouponStep = createStep(
  "claim-coupon",
  async (input: { batch_id: string; customer_id: string }, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const [batch] = await service.listCouponBatches({ id: input.batch_id }, { select: ["id", "merchant_id", "new_customer_only"] })
    // Order history is only read for 新客 batches; a missing batch is refused by claim itself.
    const prior = batch?.new_customer_only ? await hasPriorOrder(container, input.customer_id, batch.merchant_id ?? null) : false
    const coupon = await service.claim({ ...input, has_prior_order: prior })
    return new StepResponse(coupon, coupon.id as string)
  },
  async (id, { container }) => {
    if (!id) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.unclaim(id)
  }
)
