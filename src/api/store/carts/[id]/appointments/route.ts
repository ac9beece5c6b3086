import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BOOKING_MODULE } from "../../../../../modules/booking"
import type BookingModuleService from "../../../../../modules/booking/service"
import { placeAppointmentHoldWorkflow } from "../../../../../workflows/booking/place-appointment-hold"
import { presentAppointment } from "../../../../vendor/booking/helpers"

/**
 * POST /store/carts/:id/appointments { offering_id, start_at, party_size?, resource_id?, address? }
 * Holds the slot (default 10 minutes) and adds the service to the cart. A full slot answers 409 from the
 * workflow's first step (one conditional update on the slot's seat counter) before any other work.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const { result } = await keepConflictMessage(() =>
    placeAppointmentHoldWorkflow(req.scope).run({ input: { cart_id: req.params.id, ...(req.validatedBody as any) } })
  )
  res.status(201).json({ appointment: presentAppointment(result) })
}

/** The cart's holds, so a checkout page can show how long each is kept. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const rows = await booking.listBookingAppointments({ cart_id: req.params.id, status: ["held", "confirmed"] })
  res.json({ appointments: rows.map((a) => presentAppointment(a)).filter((a) => a.status !== "expired") })
}
