import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteMerchantProductWorkflow } from "../../../../workflows/merchant/delete-merchant-product"
import { updateMerchantProductWorkflow } from "../../../../workflows/merchant/update-merchant-product"
import { getVendor } from "../../helpers"
import type { VendorUpdateProductType } from "../../validators"
import { getMerchantProduct } from "../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  res.json({ product: await getMerchantProduct(req.scope, vendor.merchant_id, req.params.id) })
}

export const POST = async (req: AuthenticatedMedusaRequest<VendorUpdateProductType>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const { variants, ...update } = req.validatedBody
  await updateMerchantProductWorkflow(req.scope).run({
    input: { merchant_id: vendor.merchant_id, product_id: req.params.id, update, variants },
  })
  res.json({ product: await getMerchantProduct(req.scope, vendor.merchant_id, req.params.id) })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  await deleteMerchantProductWorkflow(req.scope).run({
    input: { merchant_id: vendor.merchant_id, product_id: req.params.id },
  })
  res.json({ id: req.params.id, object: "product", deleted: true })
}
