import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import { updateMerchantWorkflow } from "../../../workflows/merchant/update-merchant"
import { getVendor } from "../helpers"
import type { VendorUpdateMerchantType } from "../validators"

/** Update the signed-in shop's profile, hours, location or photos. */
export const POST = async (req: AuthenticatedMedusaRequest<VendorUpdateMerchantType>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const { result } = await updateMerchantWorkflow(req.scope).run({
    input: { id: vendor.merchant_id, data: req.validatedBody },
  })
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  res.json({ merchant: { ...result, ...service.openingState(result) } })
}
