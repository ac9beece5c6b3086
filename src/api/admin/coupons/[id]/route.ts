import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { findBatch, presentBatch, updateBatch } from "../../../vendor/coupons/helpers"
import type { UpdateCouponType } from "../../../vendor/coupons/validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ coupon: presentBatch(await findBatch(req.scope, req.params.id)) })
}

/** Operators may edit or end any batch (e.g. a shop's coupon found abusive). */
export const POST = async (req: AuthenticatedMedusaRequest<UpdateCouponType>, res: MedusaResponse) => {
  const batch = await findBatch(req.scope, req.params.id)
  res.json({ coupon: await updateBatch(req.scope, batch, req.validatedBody) })
}
