import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../../../modules/booking"
import type BookingModuleService from "../../../../modules/booking/service"
import { presentAppointment } from "../../../vendor/booking/helpers"
import { withAppointmentActions } from "../../../order-lifecycle"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const [a] = await booking.listBookingAppointments({ id: req.params.id, customer_id: req.auth_context.actor_id })
  if (!a) throw new MedusaError(MedusaError.Types.NOT_FOUND, `预约 ${req.params.id} 不存在 (appointment not found)`)
  const [appointment] = await withAppointmentActions(req.scope, [a], "customer", (x) => presentAppointment(x, { withCode: true }, booking))
  res.json({ appointment })
}
