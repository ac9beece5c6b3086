import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import type { MerchantInput } from "../../../modules/merchant/service"

/**
 * Read-only: turns raw input into stored form or fails with a 400 naming each bad field. For an update
 * (`merchant_id` given) the shop's saved hours and time zone fill in whichever of the two is not sent.
 */
export const normalizeMerchantInputStep = createStep(
  "normalize-merchant-input",
  async (input: { data: MerchantInput; partial?: boolean; merchant_id?: string }, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const current = input.merchant_id ? await service.retrieveMerchant(input.merchant_id) : null
    const normalized = await service.normalizeMerchantInput(input.data, { partial: input.partial, current })
    return new StepResponse(normalized)
  }
)
