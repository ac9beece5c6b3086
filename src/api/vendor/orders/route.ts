import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import { MERCHANT_ORDER_STATUSES } from "../../../modules/merchant/models"
import type MerchantModuleService from "../../../modules/merchant/service"
import { getVendor } from "../helpers"
import { withOrders } from "./helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const { limit, offset, status } = req.validatedQuery as { limit: number; offset: number; status?: string }
  if (status && !(MERCHANT_ORDER_STATUSES as readonly string[]).includes(status)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `status: 可选 ${MERCHANT_ORDER_STATUSES.join(", ")} (unknown order status "${status}")`
    )
  }
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [records, count] = await service.listAndCountMerchantOrderStates(
    { merchant_id: vendor.merchant_id, ...(status ? { status } : {}) } as any,
    { skip: offset, take: limit, order: { created_at: "DESC" } }
  )
  res.json({ orders: await withOrders(req.scope, records), count, limit, offset })
}
