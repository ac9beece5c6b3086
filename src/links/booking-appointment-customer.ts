import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import BookingModule from "../modules/booking"

// appointment.customer, from the customer id copied from the order.
export default defineLink(
  { linkable: BookingModule.linkable.bookingAppointment, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
