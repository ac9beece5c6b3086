import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"

export const updateMerchantStep = createStep(
  "update-merchant",
  async (input: { id: string; data: Record<string, any> }, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const current = await service.retrieveMerchant(input.id)
    const before: Record<string, any> = {}
    for (const k of Object.keys(input.data)) before[k] = (current as any)[k]
    const updated = await service.updateMerchantProfile(input.id, input.data)
    return new StepResponse(updated, { id: input.id, before })
  },
  async (saved, { container }) => {
    if (!saved) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.updateMerchantProfile(saved.id, saved.before)
  }
)
