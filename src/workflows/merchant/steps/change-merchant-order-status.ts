import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import type { OrderStateChange } from "../../../modules/merchant/service"
import type { MerchantOrderStatus } from "../../../modules/merchant/models"

export const changeMerchantOrderStatusStep = createStep(
  "change-merchant-order-status",
  async (
    input: { merchant_id: string; order_id: string; to: MerchantOrderStatus; reason?: string | null },
    { container }
  ) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const { record, change } = await service.transitionOrderState(input)
    return new StepResponse(record, change)
  },
  async (change: OrderStateChange | undefined, { container }) => {
    if (!change) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.revertOrderState(change)
  }
)
