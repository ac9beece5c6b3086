import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
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
  const [exists] = await service.listMerchantCategories({ slug: req.validatedBody.slug })
  if (exists) {
    throw new MedusaError(MedusaError.Types.CONFLICT, `slug: 类目 ${req.validatedBody.slug} 已存在 (category exists)`)
  }
  const category = await service.createMerchantCategories(req.validatedBody as any)
  res.status(201).json({ category })
}
