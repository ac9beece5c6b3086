import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import type { AdminCreateCategoryType } from "../merchants/validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const categories = await service.listMerchantCategories({}, { order: { rank: "ASC" } })
  res.json({ categories })
}

/** Operators extend the category list (e.g. 宠物服务); merchants can then apply under it. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateCategoryType>, res: MedusaResponse) => {
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const category = await service.addCategory(req.validatedBody)
  res.status(201).json({ category })
}
