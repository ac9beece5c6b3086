import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const categories = await service.listMerchantCategories(
    { is_active: true },
    { order: { rank: "ASC" }, select: ["slug", "name_zh", "name_en", "rank"] }
  )
  res.json({ categories })
}
