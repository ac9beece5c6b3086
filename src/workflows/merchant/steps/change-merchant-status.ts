import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import type { MerchantStatus } from "../../../modules/merchant/models"

export type ChangeMerchantStatusInput = {
  merchant_id: string
  to: MerchantStatus
  reason?: string | null
  actor_type?: string
  actor_id?: string
}

export const changeMerchantStatusStep = createStep(
  "change-merchant-status",
  async (input: ChangeMerchantStatusInput, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const merchant = await service.retrieveMerchant(input.merchant_id).catch(() => null)
    if (!merchant) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${input.merchant_id} 不存在 (merchant not found)`)
    }
    service.assertStatusTransition(merchant.status as MerchantStatus, input.to, input.reason)
    const now = new Date()
    const before = {
      status: merchant.status,
      status_reason: merchant.status_reason,
      status_changed_at: merchant.status_changed_at,
      approved_at: merchant.approved_at,
    }
    const updated = await service.updateMerchants({
      id: merchant.id,
      status: input.to,
      status_reason: input.reason?.trim() || null,
      status_changed_at: now,
      ...(input.to === "approved" ? { approved_at: merchant.approved_at ?? now } : {}),
    } as any)
    const event = await service.createMerchantStatusEvents({
      merchant_id: merchant.id,
      from_status: merchant.status,
      to_status: input.to,
      reason: input.reason?.trim() || null,
      actor_type: input.actor_type ?? null,
      actor_id: input.actor_id ?? null,
    } as any)
    return new StepResponse(updated, { id: merchant.id, before, event_id: event.id })
  },
  async (saved, { container }) => {
    if (!saved) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.updateMerchants({ id: saved.id, ...saved.before } as any)
    await service.deleteMerchantStatusEvents(saved.event_id)
  }
)
