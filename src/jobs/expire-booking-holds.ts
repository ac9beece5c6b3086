import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../modules/booking"
import type BookingModuleService from "../modules/booking/service"

/**
 * Marks holds past their expiry as `expired`. Availability and the capacity check already ignore them
 * the moment they run out; this keeps the table honest for calendars and reports.
 */
export default async function expireBookingHolds(container: MedusaContainer) {
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const n = await booking.expireHolds()
  if (n) container.resolve(ContainerRegistrationKeys.LOGGER).info(`[booking] ${n} expired hold(s) released`)
  return n
}

export const config = {
  name: "expire-booking-holds",
  schedule: "* * * * *",
}
