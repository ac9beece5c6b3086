import { z } from "@medusajs/framework/zod"
import { BusinessHoursSchema } from "../validators"

// Shapes only; ownership, hours and slot rules are checked in the booking workflows.
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date: 日期格式应为 YYYY-MM-DD (expected YYYY-MM-DD)")
const instant = (field: string) =>
  z.string().refine((s) => !Number.isNaN(Date.parse(s)), `${field}: 时间格式无效，应为 ISO 8601 (expected an ISO 8601 time)`)
const minutes = (max: number) => z.number().int().min(0).max(max)

export const VendorResource = z
  .object({
    kind: z.enum(["staff", "bed", "room", "table", "vehicle", "other"]).optional(),
    name: z.string().trim().min(1).max(60),
    capacity: z.number().int().min(1).max(1000).optional(),
    hours: BusinessHoursSchema.nullish(),
    is_active: z.boolean().optional(),
  })
  .strict()
export const VendorUpdateResource = VendorResource.partial().strict()

const offeringFields = {
  variant_id: z.string().min(1),
  name: z.string().trim().min(1).max(120).optional(),
  duration_minutes: z.number().int().min(5).max(1440),
  buffer_before_minutes: minutes(480).optional(),
  buffer_after_minutes: minutes(480).optional(),
  slot_step_minutes: z.number().int().min(5).max(240).optional(),
  min_notice_minutes: minutes(60 * 24 * 30).optional(),
  horizon_days: z.number().int().min(1).max(365).optional(),
  free_cancel_minutes: minutes(60 * 24 * 30).optional(),
  late_cancel_policy: z.enum(["no_refund", "fee"]).optional(),
  late_cancel_fee: z.number().min(0).max(1_000_000).optional(),
  redeem_before_minutes: minutes(1440).optional(),
  redeem_grace_minutes: minutes(1440).optional(),
  min_party: z.number().int().min(1).max(100).optional(),
  max_party: z.number().int().min(1).max(100).optional(),
  location: z.enum(["on_site", "at_home"]).optional(),
  service_radius_km: z.number().positive().max(500).nullish(),
  resource_ids: z.array(z.string()).min(1).max(200),
  is_active: z.boolean().optional(),
}
export const VendorOffering = z.object(offeringFields).strict()
export const VendorUpdateOffering = z.object(offeringFields).partial().strict()

export const VendorClosure = z
  .object({
    resource_id: z.string().nullish(),
    starts_at: instant("starts_at"),
    ends_at: instant("ends_at"),
    reason: z.string().max(200).nullish(),
  })
  .strict()

export const VendorUpdateClosure = VendorClosure.partial().strict()

export const VendorCalendarQuery = z.object({
  date: isoDate.optional(),
  resource_id: z.string().optional(),
})

const reasonLength = (r: string) => {
  const n = [...r.trim()].length
  return n >= 2 && n <= 200
}
const FORCE_REASON = "reason: 强制核销须填写原因（2–200 字） (reason: a forced redemption needs a reason of 2–200 characters)"

export const VendorCheckIn = z
  .object({
    code: z.string().max(20).optional(),
    qr: z.string().max(200).optional(),
    // "仍要核销": redeem outside the offering's window; the reason is kept in the redemption log.
    force: z.boolean().optional(),
    reason: z.string().optional(),
  })
  .strict()
  .refine((b) => !!b.code !== !!b.qr, "code 或 qr 二选一 (give either code or qr)")
  // A refine rather than min/max: Medusa words length errors in English only.
  .refine((b) => (b.force ? b.reason !== undefined : true) && (b.reason === undefined || reasonLength(b.reason)), {
    message: FORCE_REASON,
    path: ["reason"],
  })

export const StoreAvailabilityQuery = z.object({
  offering: z.string().min(1),
  date: isoDate.optional(),
  to: isoDate.optional(),
  party_size: z.coerce.number().int().min(1).max(100).optional(),
})

const address = z
  .object({
    lat: z.number(),
    lng: z.number(),
    coord_system: z.enum(["gcj02", "wgs84", "bd09"]).optional(),
    address_1: z.string().max(200).optional(),
    city: z.string().max(60).optional(),
    contact_name: z.string().max(60).optional(),
    phone: z.string().max(30).optional(),
  })
  .strict()

export const StoreCreateAppointment = z
  .object({
    offering_id: z.string().min(1),
    start_at: instant("start_at"),
    party_size: z.number().int().min(1).max(100).optional(),
    resource_id: z.string().optional(),
    address: address.optional(),
  })
  .strict()

export const StoreReschedule = z.object({ start_at: instant("start_at"), resource_id: z.string().optional() }).strict()
export const StoreCancel = z.object({ reason: z.string().max(200).optional() }).strict()

export const AdminCalendarQuery = z.object({ merchant_id: z.string().min(1), date: isoDate.optional() })
export const AdminAppointmentsQuery = z.object({ order_id: z.string().optional(), merchant_id: z.string().optional() })

// 团购券 vouchers: lists for the shop and the customer, and the customer's refund.
export const VoucherListQuery = z.object({
  order_id: z.string().min(1).optional(),
  status: z
    .enum(["unused", "redeemed", "refunded", "expired"], { error: "status: 只能是 unused/redeemed/refunded/expired (unknown status)" })
    .optional(),
  limit: z.coerce.number().int().min(1, "limit: 1–200").max(200, "limit: 1–200").default(50),
  offset: z.coerce.number().int().min(0, "offset: 不能为负 (must not be negative)").default(0),
})

export const StoreVoucherRefund = z
  .object({ reason: z.string().max(200, "reason: 最多 200 字 (at most 200 characters)").optional() })
  .strict()
