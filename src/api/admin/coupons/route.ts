import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createBatch, listBatches } from "../../vendor/coupons/helpers"
import type { CreateCouponType } from "../../vendor/coupons/validators"

/** Every coupon batch on the platform: ?merchant_id= · ?platform=true|false · ?status= · ?kind=. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as any
  const filters: Record<string, any> = {}
  if (q.merchant_id) filters.merchant_id = q.merchant_id
  if (q.platform === "true") filters.merchant_id = null
  if (q.platform === "false") filters.merchant_id = { $ne: null }
  if (q.status) filters.status = q.status
  if (q.kind) filters.kind = q.kind
  res.json(await listBatches(req.scope, filters, { limit: q.limit, offset: q.offset }))
}

/** A platform coupon (no shop): valid on any shop's cart. */
export const POST = async (req: AuthenticatedMedusaRequest<CreateCouponType>, res: MedusaResponse) => {
  res.status(201).json({ coupon: await createBatch(req.scope, null, req.validatedBody) })
}
