import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../../../modules/booking"
import type BookingModuleService from "../../../../modules/booking/service"
import { presentAppointment } from "../../../vendor/booking/helpers"

/** Operators: appointments of an order (the order page widget) or of a shop. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as { order_id?: string; merchant_id?: string }
  if (!q.order_id && !q.merchant_id) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "order_id 或 merchant_id 至少提供一个 (give order_id or merchant_id)")
  }
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const rows = await booking.listBookingAppointments(
    { ...(q.order_id ? { order_id: q.order_id } : {}), ...(q.merchant_id ? { merchant_id: q.merchant_id } : {}) },
    { order: { start_at: "DESC" }, take: 200 }
  )
  const offerings = await booking.listBookingOfferings({ id: [...new Set(rows.map((r) => r.offering_id))] }, { withDeleted: true } as any)
  const resources = await booking.listBookingResources({ id: [...new Set(rows.map((r) => r.resource_id))] }, { withDeleted: true } as any)
  const name = new Map([...offerings, ...resources].map((x: any) => [x.id, x.name]))
  res.json({
    appointments: rows.map((a) => ({
      ...presentAppointment(a),
      offering_name: name.get(a.offering_id) ?? null,
      resource_name: name.get(a.resource_id) ?? null,
    })),
  })
}
