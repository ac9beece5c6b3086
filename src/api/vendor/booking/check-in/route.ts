import { keepConflictMessage } from "../../../../modules/booking/utils/errors"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { redeemAppointmentWorkflow } from "../../../../workflows/booking/appointment-actions"
import { getVendor } from "../../helpers"
import { presentAppointment } from "../helpers"

/** 核销: POST /vendor/booking/check-in { code } or { qr }. Single use; refusals are logged. */
export const POST = async (req: AuthenticatedMedusaRequest<{ code?: string; qr?: string }>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const { result } = await keepConflictMessage(() => redeemAppointmentWorkflow(req.scope).run({
    input: { merchant_id: vendor.merchant_id, member_id: vendor.member_id, ...req.validatedBody },
  }))
  res.json({ appointment: presentAppointment(result) })
}
