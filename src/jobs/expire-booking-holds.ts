import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../modules/booking"
import type BookingModuleService from "../modules/booking/service"

/**
 * Marks holds past their expiry as `expired`. Availability and the capacity check already ignore them
 * the moment they run out; this keeps the table honest for calendars and reports, and gives their
 * seats back on the slot counters (the appointment trigger does that). Then puts right any slot
 * counter that drifted (see BookingModuleService.claimSeats for why this is periodic).
 */
export default async function expireBookingHolds(container: MedusaContainer) {
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const n = await booking.expireHolds()
  if (n) logger.info(`[booking] ${n} expired hold(s) released`)
  const fixed = await booking.reconcileSlotSeats()
  if (fixed) logger.warn(`[booking] ${fixed} slot counter(s) recounted`)
  return n
}

export const config = {
  name: "expire-booking-holds",
  schedule: "* * * * *",
}
