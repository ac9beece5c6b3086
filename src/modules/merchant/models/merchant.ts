import { model } from "@medusajs/framework/utils"
import { MerchantMember } from "./merchant-member"
import { MerchantOrderState } from "./merchant-order-state"
import { MerchantStatusEvent } from "./merchant-status-event"

export const MERCHANT_STATUSES = ["pending", "approved", "rejected", "suspended"] as const
export type MerchantStatus = (typeof MERCHANT_STATUSES)[number]

/**
 * A local shop (商家). Location is always stored in GCJ-02, the datum Chinese maps use;
 * other datums are converted when the merchant saves it.
 */
export const Merchant = model
  .define("merchant", {
    id: model.id({ prefix: "mer" }).primaryKey(),
    name: model.text().searchable(),
    slug: model.text().unique(),
    category: model.text().index(),
    description: model.text().nullable(),
    logo: model.text().nullable(),
    photos: model.json().nullable(),
    phone: model.text(),
    province: model.text(),
    city: model.text().index(),
    district: model.text().nullable(),
    street: model.text(),
    lat: model.float(),
    lng: model.float(),
    timezone: model.text().default("Asia/Shanghai"),
    business_hours: model.json(),
    status: model.enum([...MERCHANT_STATUSES]).default("pending").index(),
    status_reason: model.text().nullable(),
    status_changed_at: model.dateTime().nullable(),
    approved_at: model.dateTime().nullable(),
    licence_code: model.text(),
    licence_image: model.text().nullable(),
    legal_name: model.text(),
    // Filled by the review and analytics features; present now so search and pages can show them.
    rating_avg: model.float().default(0),
    rating_count: model.number().default(0),
    monthly_sales: model.number().default(0),
    members: model.hasMany(() => MerchantMember, { mappedBy: "merchant" }),
    merchant_orders: model.hasMany(() => MerchantOrderState, { mappedBy: "merchant" }),
    status_events: model.hasMany(() => MerchantStatusEvent, { mappedBy: "merchant" }),
  })
  .cascades({ delete: ["members", "status_events"] })
