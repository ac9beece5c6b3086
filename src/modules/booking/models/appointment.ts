import { model } from "@medusajs/framework/utils"

export const APPOINTMENT_STATUSES = [
  "held",
  "confirmed",
  "checked_in",
  "completed",
  "cancelled",
  "no_show",
  "expired",
] as const
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number]

/**
 * One booking of one resource. `start_at`/`end_at` is the service itself; `occupied_from`/`occupied_to`
 * add the buffers and are what capacity is counted on. The exclusion constraint in the migration keys on
 * `resource_capacity` = 1 (a copy of the resource's capacity at booking time), so the database itself
 * refuses two overlapping live bookings of a single-seat resource.
 */
export const BookingAppointment = model
  .define("booking_appointment", {
    id: model.id({ prefix: "appt" }).primaryKey(),
    merchant_id: model.text().index(),
    offering_id: model.text().index(),
    resource_id: model.text(),
    resource_capacity: model.number(),
    customer_id: model.text().index().nullable(),
    cart_id: model.text().index().nullable(),
    line_item_id: model.text().nullable(),
    order_id: model.text().index().nullable(),
    status: model.enum([...APPOINTMENT_STATUSES]).default("held"),
    party_size: model.number().default(1),
    seats: model.number().default(1),
    start_at: model.dateTime(),
    end_at: model.dateTime(),
    occupied_from: model.dateTime(),
    occupied_to: model.dateTime(),
    expires_at: model.dateTime().nullable(),
    code: model.text().nullable(),
    address: model.json().nullable(),
    reschedules: model.json().nullable(),
    cancellation: model.json().nullable(),
    confirmed_at: model.dateTime().nullable(),
    checked_in_at: model.dateTime().nullable(),
    completed_at: model.dateTime().nullable(),
    cancelled_at: model.dateTime().nullable(),
    no_show_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["resource_id", "occupied_from"] },
    // The slot counter's recount and its sweep of lapsed holds look a slot up by offering and start.
    { on: ["offering_id", "start_at"] },
    { on: ["merchant_id", "code"], unique: true, where: "code IS NOT NULL AND deleted_at IS NULL" },
  ])
