import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BOOKING_MODULE } from "../../../modules/booking"
import type BookingModuleService from "../../../modules/booking/service"
import { ruleError } from "../booking-context"

export type ClaimSeatsInput = {
  offering_id: string
  start_at: string
  party_size?: number
}

/**
 * Takes the seats on the slot counter before any other work: a full slot answers 409 here. The claim
 * is handed to placeHold, whose appointment takes the seats over; whatever fails after this step gives
 * them back through the compensation (a no-op once the appointment took them: its own cancellation
 * frees them then).
 */
export const claimSeatsStep = createStep(
  "booking-claim-seats",
  async (input: ClaimSeatsInput, { container }) => {
    const start = new Date(input.start_at)
    // A start that is not a time is left to the rules, which name the field.
    if (!Number.isFinite(start.getTime())) return new StepResponse(null, null)
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    const claim = await booking.claimSeats({ offering_id: input.offering_id, start_at: start, seats: input.party_size ?? 1 })
    if (claim.full) ruleError("full", "start_at")
    return new StepResponse(claim.claim_id, claim.claim_id)
  },
  async (claimId, { container }) => {
    if (!claimId) return
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    await booking.releaseClaim(claimId)
  }
)
