import { z } from "@medusajs/framework/zod"
import { reasonText } from "../reason-text"

// Shape only; the domain rules (licence check digit, phone, hours, coordinates, category) live in
// the merchant module so every caller gets the same checks and messages.
const timeRange = z.object({ open: z.string(), close: z.string() })
export const BusinessHoursSchema = z.object({
  timezone: z.string().optional(),
  weekly: z.record(z.string(), z.array(timeRange)),
  exceptions: z
    .array(
      z.object({
        date: z.string(),
        closed: z.boolean().optional(),
        ranges: z.array(timeRange).optional(),
        note: z.string().optional(),
      })
    )
    .optional(),
})

const merchantFields = {
  name: z.string(),
  category: z.string(),
  description: z.string().nullish(),
  logo: z.string().nullish(),
  photos: z.array(z.string()).max(20).nullish(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string().nullish(),
  street: z.string(),
  lat: z.number(),
  lng: z.number(),
  coord_system: z.enum(["gcj02", "wgs84", "bd09"]).optional(),
  timezone: z.string().optional(),
  business_hours: BusinessHoursSchema,
  licence_code: z.string(),
  licence_image: z.string().nullish(),
  legal_name: z.string(),
}

export const VendorCreateMerchant = z.object({
  ...merchantFields,
  owner: z.object({ name: z.string().max(60).nullish(), phone: z.string().nullish() }).optional(),
  email: z.string().email().optional(),
})
export type VendorCreateMerchantType = z.infer<typeof VendorCreateMerchant>

// Licence data and the category are reviewed by operators, so a merchant cannot change them alone.
export const VendorUpdateMerchant = z
  .object({
    name: merchantFields.name,
    description: merchantFields.description,
    logo: merchantFields.logo,
    photos: merchantFields.photos,
    phone: merchantFields.phone,
    province: merchantFields.province,
    city: merchantFields.city,
    district: merchantFields.district,
    street: merchantFields.street,
    lat: merchantFields.lat,
    lng: merchantFields.lng,
    coord_system: merchantFields.coord_system,
    timezone: merchantFields.timezone,
    business_hours: merchantFields.business_hours,
  })
  .partial()
  .strict()
export type VendorUpdateMerchantType = z.infer<typeof VendorUpdateMerchant>

const price = z
  .number()
  .positive()
  .max(1_000_000)
  .refine((n) => Math.round(n * 100) === Number((n * 100).toFixed(6)), "price: 最多两位小数 (at most 2 decimals, in yuan)")

const VALID_DAYS = "voucher_valid_days: 团购券有效期为 1 到 3650 天的整数 (a whole number of days, 1–3650)"
const yesNo = (field: string) => z.boolean({ error: `${field}: 须为 true 或 false (must be true or false)` }).optional()

/**
 * 团购券 rules of a service sold without a booking, kept in product.metadata under the same names and
 * copied onto each voucher when it is bought: validity in days (default 90), refundable while unused
 * (随时退, default true), refunded automatically when it expires unused (过期退, default true).
 */
const voucherRuleFields = {
  // A refine rather than int/min/max: Medusa words those errors in English only.
  voucher_valid_days: z
    .number({ error: VALID_DAYS })
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= 3650, { message: VALID_DAYS })
    .optional(),
  voucher_refundable: yesNo("voucher_refundable"),
  voucher_refund_on_expiry: yesNo("voucher_refund_on_expiry"),
}
type VoucherRuleFields = { voucher_valid_days?: number; voucher_refundable?: boolean; voucher_refund_on_expiry?: boolean }

/** Moves the voucher rules given into `metadata` (only those given: an update leaves the others as they are). */
function voucherRulesToMetadata<T extends VoucherRuleFields>(body: T) {
  const { voucher_valid_days, voucher_refundable, voucher_refund_on_expiry, ...rest } = body
  const given = Object.entries({ voucher_valid_days, voucher_refundable, voucher_refund_on_expiry }).filter(
    ([, v]) => v !== undefined
  )
  return given.length ? { ...rest, metadata: Object.fromEntries(given) as Record<string, unknown> } : rest
}

export const VendorCreateProduct = z
  .object({
    title: z.string().min(1).max(120),
    subtitle: z.string().max(200).nullish(),
    description: z.string().max(5000).nullish(),
    thumbnail: z.string().nullish(),
    images: z.array(z.string()).max(20).optional(),
    kind: z.enum(["service", "goods"]),
    status: z.enum(["draft", "published"]).optional(),
    variants: z
      .array(
        z.object({
          title: z.string().min(1).max(60),
          price,
          stock: z.number().int().min(0).max(1_000_000).nullish(),
          sku: z.string().max(60).nullish(),
        })
      )
      .min(1)
      .max(50),
    ...voucherRuleFields,
  })
  .strict()
  .refine((b) => b.kind !== "goods" || Object.keys(voucherRuleFields).every((k) => (b as any)[k] === undefined), {
    message: "voucher_*: 团购券规则只适用于服务类商品 (voucher rules apply to service products only)",
  })
  .transform(voucherRulesToMetadata)
export type VendorCreateProductType = z.infer<typeof VendorCreateProduct>

export const VendorUpdateProduct = z
  .object({
    title: z.string().min(1).max(120).optional(),
    subtitle: z.string().max(200).nullish(),
    description: z.string().max(5000).nullish(),
    thumbnail: z.string().nullish(),
    status: z.enum(["draft", "published"]).optional(),
    variants: z
      .array(
        z.object({
          id: z.string(),
          title: z.string().min(1).max(60).optional(),
          price: price.optional(),
          stock: z.number().int().min(0).max(1_000_000).optional(),
        })
      )
      .optional(),
    ...voucherRuleFields,
  })
  .strict()
  .transform(voucherRulesToMetadata)
export type VendorUpdateProductType = z.infer<typeof VendorUpdateProduct>

export const VendorRejectOrder = z.object({ reason: reasonText("拒单原因") })
export type VendorRejectOrderType = z.infer<typeof VendorRejectOrder>

export const VendorInviteMember = z.object({
  email: z.string().email(),
  name: z.string().max(60).nullish(),
  phone: z.string().nullish(),
})
export type VendorInviteMemberType = z.infer<typeof VendorInviteMember>

export const VendorAcceptInvite = z.object({ token: z.string().min(16) })
export type VendorAcceptInviteType = z.infer<typeof VendorAcceptInvite>

export const VendorUploads = z
  .object({
    files: z
      .array(z.object({ filename: z.string().max(200).optional(), mime_type: z.string(), content: z.string() }))
      .min(1, "files: 一次上传 1–9 张图片 (upload 1 to 9 images)")
      .max(9, "files: 一次上传 1–9 张图片 (upload 1 to 9 images)"),
    // Licence scans are review material: stored private and only served to operators.
    purpose: z.enum(["photo", "licence"]).optional(),
  })
  .strict()
export type VendorUploadsType = z.infer<typeof VendorUploads>

export const VendorListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  status: z.string().optional(),
})
