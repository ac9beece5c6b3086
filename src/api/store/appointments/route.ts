import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BOOKING_MODULE } from "../../../modules/booking"
import type BookingModuleService from "../../../modules/booking/service"
import { presentAppointment } from "../../vendor/booking/helpers"
import { withAppointmentActions } from "../../order-lifecycle"

/** The signed-in customer's appointments, newest first, with codes for the ones they can redeem and the actions offered. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const rows = await booking.listBookingAppointments(
    { customer_id: req.auth_context.actor_id, status: ["confirmed", "checked_in", "completed", "cancelled", "no_show"] },
    { order: { start_at: "DESC" }, take: 200 }
  )
  res.json({ appointments: await withAppointmentActions(req.scope, rows, "customer", (a) => presentAppointment(a, { withCode: true }, booking)) })
}
