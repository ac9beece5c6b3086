import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import type { MerchantStatusChange } from "../../../modules/merchant/service"
import type { MerchantStatus } from "../../../modules/merchant/models"

export type ChangeMerchantStatusInput = {
  merchant_id: string
  to: MerchantStatus
  /** Restricts the statuses the change may start from (see MERCHANT_STATUS_ACTIONS). */
  from?: MerchantStatus[]
  reason?: string | null
  actor_type?: string
  actor_id?: string
}

export const changeMerchantStatusStep = createStep(
  "change-merchant-status",
  async (input: ChangeMerchantStatusInput, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const { merchant, change } = await service.transitionMerchantStatus({
      id: input.merchant_id,
      to: input.to,
      from: input.from,
      reason: input.reason,
      actor_type: input.actor_type ?? null,
      actor_id: input.actor_id ?? null,
    })
    return new StepResponse(merchant, change)
  },
  async (change: MerchantStatusChange | undefined, { container }) => {
    if (!change) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.revertMerchantStatus(change)
  }
)
