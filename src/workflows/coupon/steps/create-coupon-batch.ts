import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

export const createCouponBatchStep = createStep(
  "create-coupon-batch",
  async (data: Record<string, any>, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const batch = await service.createCouponBatches(data as any)
    return new StepResponse(batch, batch.id)
  },
  async (id, { container }) => {
    if (!id) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.deleteCouponBatches(id)
  }
)

/**
 * Edits a batch. A new total goes first, through the conditional setTotal (never below what is
 * claimed at that instant), so a refusal leaves nothing written.
 */
export const updateCouponBatchStep = createStep(
  "update-coupon-batch",
  async (data: { id: string } & Record<string, any>, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const before = await service.retrieveCouponBatch(data.id)
    const { total, ...rest } = data
    if (total !== undefined) {
      const { batch, claimed } = await service.setTotal({ id: data.id, total })
      if (!batch) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `total 不能少于已领取的 ${claimed} 张 (total cannot go below the ${claimed} already claimed)`
        )
      }
    }
    const after = Object.keys(rest).length > 1 ? await service.updateCouponBatches(rest as any) : await service.retrieveCouponBatch(data.id)
    const previous: Record<string, any> = { id: data.id }
    for (const k of Object.keys(data)) previous[k] = (before as any)[k]
    return new StepResponse(after, previous)
  },
  async (previous, { container }) => {
    if (!previous) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const { total, ...rest } = previous as Record<string, any>
    // The old total comes back only if it still covers what is claimed by now.
    if (total !== undefined) await service.setTotal({ id: previous.id, total })
    if (Object.keys(rest).length > 1) await service.updateCouponBatches(rest as any)
  }
)
