import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../modules/merchant"
import type MerchantModuleService from "../../../../modules/merchant/service"
import { getVendor } from "../../helpers"
import { withOrders } from "../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [record] = await service.listMerchantOrderStates({ order_id: req.params.id, merchant_id: vendor.merchant_id })
  if (!record) throw new MedusaError(MedusaError.Types.NOT_FOUND, `订单 ${req.params.id} 不存在 (order not found)`)
  const [order] = await withOrders(req.scope, [record])
  res.json({ order })
}
