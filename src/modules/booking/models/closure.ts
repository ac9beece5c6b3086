import { model } from "@medusajs/framework/utils"

/** A block of time a whole shop (resource_id null) or one resource cannot be booked: holiday, sick leave. */
export const BookingClosure = model.define("booking_closure", {
  id: model.id({ prefix: "bcls" }).primaryKey(),
  merchant_id: model.text().index(),
  resource_id: model.text().nullable(),
  starts_at: model.dateTime(),
  ends_at: model.dateTime(),
  reason: model.text().nullable(),
})
