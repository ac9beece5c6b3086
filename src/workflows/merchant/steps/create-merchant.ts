import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"

export const createMerchantStep = createStep(
  "create-merchant",
  async (data: Record<string, any>, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const slug = await service.uniqueSlug(data.name)
    const merchant = await service.createMerchants({ ...data, slug, status: "pending" } as any)
    // The review history starts with the application itself.
    await service.createMerchantStatusEvents({
      merchant_id: merchant.id,
      from_status: null,
      to_status: "pending",
      actor_type: "merchant",
    } as any)
    return new StepResponse(merchant, merchant.id)
  },
  async (id, { container }) => {
    if (!id) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.deleteMerchants(id)
  }
)
