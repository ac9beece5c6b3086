import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BOOKING_MODULE } from "../../../../../modules/booking"
import type BookingModuleService from "../../../../../modules/booking/service"
import { rescheduleAppointmentWorkflow } from "../../../../../workflows/booking/appointment-actions"
import { presentAppointment } from "../../../../vendor/booking/helpers"

/** Atomic: the old slot is given up only if the new one is taken; a full slot answers 409 and nothing changes. */
export const POST = async (req: AuthenticatedMedusaRequest<{ start_at: string; resource_id?: string }>, res: MedusaResponse) => {
  const { result } = await keepConflictMessage(() => rescheduleAppointmentWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, appointment_id: req.params.id, ...req.validatedBody },
  }))
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  res.json({ appointment: presentAppointment(result, { withCode: true }, booking) })
}
