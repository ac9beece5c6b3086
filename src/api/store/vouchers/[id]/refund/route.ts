import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import { refundVoucherWorkflow } from "../../../../../workflows/booking/voucher-actions"
import { merchantNames, presentVoucher } from "../../../../vendor/booking/voucher-helpers"

/**
 * 退款: the customer's own unused, unexpired voucher of a refundable product. The response's
 * `refund.refund_status` says whether money went back (`refunded`) or had not been captured yet.
 */
export const POST = async (req: AuthenticatedMedusaRequest<{ reason?: string }>, res: MedusaResponse) => {
  const { result } = await keepConflictMessage(() =>
    refundVoucherWorkflow(req.scope).run({
      input: { voucher_id: req.params.id, customer_id: req.auth_context.actor_id, reason: req.validatedBody?.reason ?? null },
    })
  )
  const names = await merchantNames(req.scope, [result])
  res.json({ voucher: presentVoucher(result, { audience: "customer", merchant_name: names.get(result.merchant_id) ?? null }) })
}
