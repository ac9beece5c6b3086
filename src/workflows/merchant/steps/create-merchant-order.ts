import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"

/** The shop-side record of a new order; a retried completion finds the one it made before. */
export const createMerchantOrderStep = createStep(
  "create-merchant-order",
  async (input: { merchant_id: string; order_id: string }, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const [existing] = await service.listMerchantOrderStates({ order_id: input.order_id })
    if (existing) return new StepResponse(existing, null)
    const created = await service.createMerchantOrderStates({
      order_id: input.order_id,
      merchant_id: input.merchant_id,
      status: "new",
    } as any)
    return new StepResponse(created, created.id)
  },
  async (id, { container }) => {
    if (!id) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.deleteMerchantOrderStates(id)
  }
)
