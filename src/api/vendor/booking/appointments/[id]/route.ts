import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../../../../modules/booking"
import type BookingModuleService from "../../../../../modules/booking/service"
import { getVendor } from "../../../helpers"
import { presentAppointment } from "../../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const [a] = await booking.listBookingAppointments({ id: req.params.id, merchant_id: vendor.merchant_id })
  if (!a) throw new MedusaError(MedusaError.Types.NOT_FOUND, `预约 ${req.params.id} 不存在 (appointment not found)`)
  res.json({ appointment: presentAppointment(a) })
}
