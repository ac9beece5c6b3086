import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../modules/merchant"
import type MerchantModuleService from "../../../../modules/merchant/service"
import { isPrivateFileRef } from "../../../../modules/merchant/utils"

/** Everything an operator reviews: licence data and image, members, review history, stock locations. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const { data } = await query.graph({
    entity: "merchant",
    fields: [
      "*",
      "members.id",
      "members.email",
      "members.name",
      "members.role",
      "members.joined_at",
      "status_events.*",
      "stock_locations.id",
      "stock_locations.name",
      "products.id",
    ],
    filters: { id: req.params.id },
  })
  const merchant = data[0] as any
  if (!merchant) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${req.params.id} 不存在 (merchant not found)`)
  merchant.product_count = (merchant.products ?? []).filter(Boolean).length
  delete merchant.products
  merchant.status_events = (merchant.status_events ?? []).sort(
    (a: any, b: any) => +new Date(b.created_at) - +new Date(a.created_at)
  )
  // A private licence scan is shown through the admin route below, which needs the operator's login.
  if (isPrivateFileRef(merchant.licence_image)) {
    merchant.licence_file_id = merchant.licence_image
    merchant.licence_image = `/admin/merchants/${merchant.id}/licence-image`
  }
  res.json({ merchant: { ...merchant, ...service.openingState(merchant) } })
}
