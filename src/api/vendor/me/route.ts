import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import { getVendor } from "../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const member = await service.retrieveMerchantMember(vendor.member_id)
  const merchant = await service.retrieveMerchant(vendor.merchant_id)
  res.json({
    member: { id: member.id, email: member.email, name: member.name, role: member.role },
    merchant: { ...merchant, ...service.openingState(merchant) },
  })
}
