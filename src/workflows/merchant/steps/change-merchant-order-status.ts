import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import type { MerchantOrderStatus } from "../../../modules/merchant/models"

export const changeMerchantOrderStatusStep = createStep(
  "change-merchant-order-status",
  async (
    input: { merchant_id: string; order_id: string; to: MerchantOrderStatus; reason?: string | null },
    { container }
  ) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const [record] = await service.listMerchantOrderStates({ order_id: input.order_id, merchant_id: input.merchant_id })
    if (!record) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `订单 ${input.order_id} 不存在 (order not found)`)
    }
    service.assertOrderTransition(record.status as MerchantOrderStatus, input.to, input.reason)
    const stamp = service.orderTimestampField(input.to)
    const before: Record<string, any> = { status: record.status, reject_reason: record.reject_reason }
    if (stamp) before[stamp] = (record as any)[stamp]
    const updated = await service.updateMerchantOrderStates({
      id: record.id,
      status: input.to,
      ...(input.to === "rejected" ? { reject_reason: input.reason!.trim() } : {}),
      ...(stamp ? { [stamp]: new Date() } : {}),
    } as any)
    return new StepResponse(updated, { id: record.id, before })
  },
  async (saved, { container }) => {
    if (!saved) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.updateMerchantOrderStates({ id: saved.id, ...saved.before } as any)
  }
)
