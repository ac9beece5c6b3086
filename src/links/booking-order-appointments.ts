import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import BookingModule from "../modules/booking"

// order.booking_appointments: the inverse, read from booking_appointment.order_id (admin order widget).
export default defineLink(
  { linkable: OrderModule.linkable.order, field: "id" },
  { ...BookingModule.linkable.bookingAppointment.id, primaryKey: "order_id", isList: true },
  { readOnly: true }
)
