import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createMerchantProductWorkflow } from "../../../workflows/merchant/create-merchant-product"
import { getVendor } from "../helpers"
import type { VendorCreateProductType } from "../validators"
import { getMerchantProduct, merchantProductIds, VENDOR_PRODUCT_FIELDS } from "./helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const { limit, offset } = req.validatedQuery as { limit: number; offset: number }
  const ids = await merchantProductIds(req.scope, vendor.merchant_id)
  if (!ids.length) return res.json({ products: [], count: 0, limit, offset })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "product",
    fields: VENDOR_PRODUCT_FIELDS,
    filters: { id: ids },
    pagination: { skip: offset, take: limit, order: { created_at: "DESC" } },
  })
  res.json({ products: data, count: metadata?.count ?? ids.length, limit, offset })
}

export const POST = async (req: AuthenticatedMedusaRequest<VendorCreateProductType>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const { result } = await createMerchantProductWorkflow(req.scope).run({
    input: { merchant_id: vendor.merchant_id, product: req.validatedBody },
  })
  res.status(201).json({ product: await getMerchantProduct(req.scope, vendor.merchant_id, result.id) })
}
