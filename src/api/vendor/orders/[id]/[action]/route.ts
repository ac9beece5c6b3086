import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import type { MerchantOrderStatus } from "../../../../../modules/merchant/models"
import { updateMerchantOrderStatusWorkflow } from "../../../../../workflows/merchant/update-merchant-order-status"
import { getVendor } from "../../../helpers"
import { withOrders } from "../../helpers"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import type MerchantModuleService from "../../../../../modules/merchant/service"

const ACTIONS: Record<string, MerchantOrderStatus> = {
  accept: "accepted",
  reject: "rejected",
  ready: "ready",
  complete: "completed",
}

/** 接单 accept · 拒单 reject (reason) · 备好 ready · 完成 complete. A step taken meanwhile by another clerk is a 409. */
export const POST = async (req: AuthenticatedMedusaRequest<{ reason?: string }>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const to = ACTIONS[req.params.action]
  if (!to) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `未知操作 ${req.params.action}，可选 accept, reject, ready, complete (unknown action)`
    )
  }
  await keepConflictMessage(() =>
    updateMerchantOrderStatusWorkflow(req.scope).run({
      input: {
        merchant_id: vendor.merchant_id,
        order_id: req.params.id,
        to,
        reason: (req.validatedBody as any)?.reason ?? null,
      },
    })
  )
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [record] = await service.listMerchantOrderStates({ order_id: req.params.id, merchant_id: vendor.merchant_id })
  const [order] = await withOrders(req.scope, [record])
  res.json({ order })
}
