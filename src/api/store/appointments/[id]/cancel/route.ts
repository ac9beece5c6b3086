import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { cancelAppointmentWorkflow } from "../../../../../workflows/booking/appointment-actions"
import { presentAppointment } from "../../../../vendor/booking/helpers"

/** Free inside the offering's window; after it the shop's policy decides (no refund or a fee). */
export const POST = async (req: AuthenticatedMedusaRequest<{ reason?: string }>, res: MedusaResponse) => {
  const { result } = await keepConflictMessage(() => cancelAppointmentWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, appointment_id: req.params.id, reason: req.validatedBody?.reason },
  }))
  res.json({ appointment: presentAppointment(result) })
}
