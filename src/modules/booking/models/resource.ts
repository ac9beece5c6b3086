import { model } from "@medusajs/framework/utils"

export const RESOURCE_KINDS = ["staff", "bed", "room", "table", "vehicle", "other"] as const
export type ResourceKind = (typeof RESOURCE_KINDS)[number]

/**
 * Something a booking occupies: a stylist, a massage bed, a table, a cleaner, a van.
 * `capacity` is how many seats can overlap at one instant (a chair: 1; a 6-bed room booked as one
 * resource: 6). `hours` narrows the merchant's hours (null = same as the shop).
 */
export const BookingResource = model.define("booking_resource", {
  id: model.id({ prefix: "bres" }).primaryKey(),
  merchant_id: model.text().index(),
  kind: model.enum([...RESOURCE_KINDS]).default("staff"),
  name: model.text(),
  capacity: model.number().default(1),
  hours: model.json().nullable(),
  is_active: model.boolean().default(true),
})
