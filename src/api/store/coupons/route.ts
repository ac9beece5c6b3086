import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { presentBatch } from "../../vendor/coupons/helpers"

/**
 * Coupons a customer can claim now (未领完, not ended), with how many this customer already holds.
 * ?merchant_id= narrows to one shop's coupons plus the platform's (valid there too). Signed out, the
 * list is the same without the per-customer counts (can_claim then says whether any are left).
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const merchantId = (req.validatedQuery as any)?.merchant_id
  const rows = await service.listCouponBatches(
    {
      status: "active",
      ends_at: { $gt: new Date() },
      ...(merchantId ? { $or: [{ merchant_id: merchantId }, { merchant_id: null }] } : {}),
    },
    { order: { ends_at: "ASC" }, take: 200 }
  )
  const open = rows.filter((b: any) => b.claimed < b.total)
  const customerId = req.auth_context?.actor_id
  const mine =
    open.length && customerId
      ? await service.listCustomerCoupons({ customer_id: customerId, batch_id: open.map((b: any) => b.id) })
      : []
  const held = new Map<string, number>()
  for (const c of mine) held.set(c.batch_id, (held.get(c.batch_id) ?? 0) + 1)
  res.json({
    coupons: open.map((b: any) => ({
      ...presentBatch(b),
      claimed_by_me: held.get(b.id) ?? 0,
      can_claim: (held.get(b.id) ?? 0) < b.per_customer_limit,
    })),
  })
}
