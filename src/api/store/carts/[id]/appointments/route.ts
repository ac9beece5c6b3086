import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BOOKING_MODULE } from "../../../../../modules/booking"
import type BookingModuleService from "../../../../../modules/booking/service"
import { ruleError } from "../../../../../workflows/booking/booking-context"
import { placeAppointmentHoldWorkflow } from "../../../../../workflows/booking/place-appointment-hold"
import { presentAppointment } from "../../../../vendor/booking/helpers"

/**
 * POST /store/carts/:id/appointments { offering_id, start_at, party_size?, resource_id?, address? }
 * Holds the slot (default 10 minutes) and adds the service to the cart. A full slot answers 409.
 *
 * The seats are claimed here, before the workflow: at a popular release most requests lose, and a
 * loser then costs one SQL statement instead of a workflow run. The workflow takes the claim over
 * and gives it back if anything fails; the release below covers a run that failed before that.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const body = req.validatedBody as any
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const start = new Date(body?.start_at)
  const claim = Number.isFinite(start.getTime())
    ? await booking.claimSeats({ offering_id: body.offering_id, start_at: start, seats: body.party_size ?? 1 })
    : null
  if (claim?.full) ruleError("full", "start_at")
  try {
    const { result } = await keepConflictMessage(() =>
      placeAppointmentHoldWorkflow(req.scope).run({
        input: { cart_id: req.params.id, ...body, claim_id: claim?.claim_id ?? null },
      })
    )
    res.status(201).json({ appointment: presentAppointment(result) })
  } catch (e) {
    await booking.releaseClaim(claim?.claim_id)
    throw e
  }
}

/** The cart's holds, so a checkout page can show how long each is kept. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const rows = await booking.listBookingAppointments({ cart_id: req.params.id, status: ["held", "confirmed"] })
  res.json({ appointments: rows.map((a) => presentAppointment(a)).filter((a) => a.status !== "expired") })
}
