import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getVendor } from "../../helpers"
import { findBatch, presentBatch, updateBatch } from "../helpers"
import type { UpdateCouponType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  res.json({ coupon: presentBatch(await findBatch(req.scope, req.params.id, vendor.merchant_id)) })
}

/** Edits title / total / per-customer limit / end, or ends the coupon now (`end_now`). */
export const POST = async (req: AuthenticatedMedusaRequest<UpdateCouponType>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const batch = await findBatch(req.scope, req.params.id, vendor.merchant_id)
  res.json({ coupon: await updateBatch(req.scope, batch, req.validatedBody) })
}
