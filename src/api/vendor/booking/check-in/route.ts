import { keepConflictMessage } from "../../../../modules/booking/utils/errors"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { redeemAppointmentWorkflow } from "../../../../workflows/booking/appointment-actions"
import { getVendor } from "../../helpers"
import { presentAppointment } from "../helpers"
import { isVoucherCode, isVoucherQr } from "../../../../modules/booking/utils/voucher"
import { redeemVoucherWorkflow } from "../../../../workflows/booking/voucher-actions"
import { presentVoucher } from "../voucher-helpers"

/**
 * 核销: POST /vendor/booking/check-in { code } or { qr }. Single use, inside the offering's window;
 * { force: true, reason } redeems outside it. Refusals and overrides are logged with the clerk.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<{ code?: string; qr?: string; force?: boolean; reason?: string }>,
  res: MedusaResponse
) => {
  const vendor = await getVendor(req)
  // A 12-digit code or a TCV1 QR is a voucher's (团购券); everything else goes to appointments.
  const body = req.validatedBody
  if (isVoucherCode(body.code) || isVoucherQr(body.qr)) {
    const { result: voucher } = await keepConflictMessage(() =>
      redeemVoucherWorkflow(req.scope).run({
        input: { merchant_id: vendor.merchant_id, member_id: vendor.member_id, code: body.code, qr: body.qr },
      })
    )
    return res.json({ type: "voucher", voucher: presentVoucher(voucher, { audience: "shop" }) })
  }
  const { result } = await keepConflictMessage(() => redeemAppointmentWorkflow(req.scope).run({
    input: { merchant_id: vendor.merchant_id, member_id: vendor.member_id, ...req.validatedBody },
  }))
  res.json({ type: "appointment", appointment: presentAppointment(result) })
}
