import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { POINTS_MODULE } from "../../../../../modules/points"
import { pointsToFen } from "../../../../../modules/points/config"
import type PointsModuleService from "../../../../../modules/points/service"
import { presentEntry } from "../../../../points-present"

/** GET /admin/orders/:id/points — points spent on and earned by an order, with their ledger entries. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "customer_id"], filters: { id: req.params.id } })
  const order = data[0] as any
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `订单 ${req.params.id} 不存在 (order not found)`)
  const service: PointsModuleService = req.scope.resolve(POINTS_MODULE)
  const summary = await service.orderSummary(order.id)
  const config = service.getConfig()
  res.json({
    order_id: order.id,
    customer_id: order.customer_id ?? null,
    spent: summary.spent,
    spent_amount: (pointsToFen(summary.spent, config) ?? 0) / 100,
    refunded_spent: summary.refunded_spent,
    earned: summary.earned,
    reversed_earned: summary.reversed_earned,
    entries: summary.entries.map(presentEntry),
  })
}
