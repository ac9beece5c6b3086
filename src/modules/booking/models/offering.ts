import { model } from "@medusajs/framework/utils"

export const OFFERING_LOCATIONS = ["on_site", "at_home"] as const
export const LATE_CANCEL_POLICIES = ["no_refund", "fee"] as const

/**
 * The bookable rules of a service product variant (the variant carries the price).
 * All durations are minutes; `horizon_days` is how far ahead it can be booked.
 */
export const BookingOffering = model
  .define("booking_offering", {
    id: model.id({ prefix: "boff" }).primaryKey(),
    merchant_id: model.text().index(),
    product_id: model.text(),
    variant_id: model.text(),
    name: model.text(),
    duration_minutes: model.number(),
    buffer_before_minutes: model.number().default(0),
    buffer_after_minutes: model.number().default(0),
    slot_step_minutes: model.number().default(15),
    min_notice_minutes: model.number().default(60),
    horizon_days: model.number().default(30),
    free_cancel_minutes: model.number().default(120),
    late_cancel_policy: model.enum([...LATE_CANCEL_POLICIES]).default("no_refund"),
    // Yuan kept by the shop when a late cancellation is charged a fee.
    late_cancel_fee: model.float().default(0),
    // 核销 is accepted from this many minutes before the slot starts…
    redeem_before_minutes: model.number().default(30),
    // …until this many minutes after it ends; outside that only an explicit override with a reason.
    redeem_grace_minutes: model.number().default(60),
    min_party: model.number().default(1),
    max_party: model.number().default(1),
    location: model.enum([...OFFERING_LOCATIONS]).default("on_site"),
    service_radius_km: model.float().nullable(),
    resource_ids: model.json(),
    is_active: model.boolean().default(true),
  })
  .indexes([{ on: ["variant_id"], unique: true, where: "deleted_at IS NULL" }])
