import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getVendor } from "../helpers"
import { createBatch, listBatches } from "./helpers"
import type { CreateCouponType } from "./validators"

/** The shop's own coupons (优惠券), newest first. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const q = req.validatedQuery as any
  const filters: Record<string, any> = { merchant_id: vendor.merchant_id }
  if (q.status) filters.status = q.status
  if (q.kind) filters.kind = q.kind
  res.json(await listBatches(req.scope, filters, { limit: q.limit, offset: q.offset }))
}

/** Issues a coupon batch valid only on this shop's items. */
export const POST = async (req: AuthenticatedMedusaRequest<CreateCouponType>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  res.status(201).json({ coupon: await createBatch(req.scope, vendor.merchant_id, req.validatedBody) })
}
