import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import { claimCouponWorkflow } from "../../../../../workflows/coupon/claim-coupon"

/** 领券: one coupon of the batch into the wallet; 409 "已领完 (all claimed)" when none are left. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await keepConflictMessage(() =>
    claimCouponWorkflow(req.scope).run({
      input: { batch_id: req.params.batch_id, customer_id: req.auth_context.actor_id },
    })
  )
  res.status(201).json({ customer_coupon: result })
}
