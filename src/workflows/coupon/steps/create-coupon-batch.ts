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

export const updateCouponBatchStep = createStep(
  "update-coupon-batch",
  async (data: { id: string } & Record<string, any>, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const before = await service.retrieveCouponBatch(data.id)
    const after = await service.updateCouponBatches(data as any)
    const previous: Record<string, any> = { id: data.id }
    for (const k of Object.keys(data)) previous[k] = (before as any)[k]
    return new StepResponse(after, previous)
  },
  async (previous, { container }) => {
    if (!previous) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.updateCouponBatches(previous as any)
  }
)
