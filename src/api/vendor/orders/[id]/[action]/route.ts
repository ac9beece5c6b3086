import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import type { OrderAction } from "../../../../../workflows/order/lifecycle"
import { shopOrderActionWorkflow } from "../../../../../workflows/order/order-actions"
import { getVendor } from "../../../helpers"
import { withOrders } from "../../helpers"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import type MerchantModuleService from "../../../../../modules/merchant/service"

const ACTIONS: OrderAction[] = ["accept", "reject", "ready", "complete"]

/**
 * 接单 accept · 拒单 reject (reason) · 备好 ready · 完成 complete, as the order lifecycle allows (its table
 * refuses the rest with a reason). A step taken meanwhile by another clerk is a 409.
 */
export const POST = async (req: AuthenticatedMedusaRequest<{ reason?: string }>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const action = req.params.action as OrderAction
  if (!ACTIONS.includes(action)) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `未知操作 ${req.params.action}，可选 accept, reject, ready, complete (unknown action)`
    )
  }
  await keepConflictMessage(() =>
    shopOrderActionWorkflow(req.scope).run({
      input: {
        merchant_id: vendor.merchant_id,
        order_id: req.params.id,
        action,
        reason: (req.validatedBody as any)?.reason ?? null,
      },
    })
  )
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [record] = await service.listMerchantOrderStates({ order_id: req.params.id, merchant_id: vendor.merchant_id })
  const [order] = await withOrders(req.scope, [record])
  res.json({ order })
}
