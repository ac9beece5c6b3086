import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { pickMerchant, widgetMerchantGraphFields } from "./helpers"

/** 所属商家 for the admin product page; `merchant: null` for platform products that no shop owns. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: ["id", ...widgetMerchantGraphFields()],
    filters: { id: req.params.id },
  })
  const product = data[0] as any
  if (!product) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商品 ${req.params.id} 不存在 (product not found)`)
  res.json({ merchant: pickMerchant(product.merchant) })
}
