import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import type { MerchantInput } from "../../../modules/merchant/service"

/** Read-only: turns raw input into stored form or fails with a 400 naming each bad field. */
export const normalizeMerchantInputStep = createStep(
  "normalize-merchant-input",
  async (input: { data: MerchantInput; partial?: boolean }, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const normalized = await service.normalizeMerchantInput(input.data, { partial: input.partial })
    return new StepResponse(normalized)
  }
)
