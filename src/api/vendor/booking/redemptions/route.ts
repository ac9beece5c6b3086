import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BOOKING_MODULE } from "../../../../modules/booking"
import type BookingModuleService from "../../../../modules/booking/service"
import { getVendor } from "../../helpers"

/** The shop's redemption log (核销记录), newest first, including refused attempts. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const attempts = await booking.listBookingRedemptionAttempts(
    { merchant_id: vendor.merchant_id },
    { order: { created_at: "DESC" }, take: 100 }
  )
  res.json({ attempts })
}
