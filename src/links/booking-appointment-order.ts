import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import BookingModule from "../modules/booking"

// appointment.order, from the order id the appointment keeps once its cart is completed.
export default defineLink(
  { linkable: BookingModule.linkable.bookingAppointment, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)
