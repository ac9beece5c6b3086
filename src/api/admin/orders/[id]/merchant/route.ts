import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import type MerchantModuleService from "../../../../../modules/merchant/service"
import { pickMerchant, widgetMerchantGraphFields } from "../../../products/[id]/merchant/helpers"

/**
 * The shop an order was placed with and the shop's side of it (待接单 → 已接单 → 已备好 → 已完成, or 已拒单),
 * which Medusa's own order status does not show.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", ...widgetMerchantGraphFields()],
    filters: { id: req.params.id },
  })
  const order = data[0] as any
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `订单 ${req.params.id} 不存在 (order not found)`)

  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [state] = await service.listMerchantOrderStates({ order_id: order.id })
  res.json({
    merchant: pickMerchant(order.merchant),
    merchant_status: state?.status ?? null,
    merchant_status_detail: state
      ? {
          reject_reason: state.reject_reason,
          accepted_at: state.accepted_at,
          rejected_at: state.rejected_at,
          ready_at: state.ready_at,
          completed_at: state.completed_at,
          created_at: state.created_at,
        }
      : null,
  })
}
