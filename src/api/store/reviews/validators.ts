import { z } from "@medusajs/framework/zod"

const RATING_MSG = "评分须为 1–5 的整数 (rating must be a whole number from 1 to 5)"
const rating = z
  .number({ error: RATING_MSG })
  .int(RATING_MSG)
  .min(1, RATING_MSG)
  .max(5, RATING_MSG)
const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional()
const queryRating = z.coerce.number().int().min(1).max(5).optional()

/** Filters of a public review list (a shop's or a product's). */
export const StoreListReviews = z
  .object({
    has_photos: flag,
    rating: queryRating,
    min_rating: queryRating,
    max_rating: queryRating,
    sort: z.enum(["newest", "useful"]).default("newest"),
    limit: z.coerce.number().int().min(1).max(50).default(10),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type StoreListReviewsType = z.infer<typeof StoreListReviews>

export const StoreCreateReview = z
  .object({
    order_id: z.string().min(1),
    line_item_id: z.string().min(1),
    rating,
    sub_scores: z.record(z.string(), z.unknown()).optional(),
    text: z.string().optional(),
    photos: z.array(z.string()).optional(),
    is_anonymous: z.boolean().optional(),
  })
  .strict()

export const StoreEditReview = z
  .object({
    rating: rating.optional(),
    sub_scores: z.record(z.string(), z.unknown()).nullable().optional(),
    text: z.string().nullable().optional(),
    photos: z.array(z.string()).optional(),
    is_anonymous: z.boolean().optional(),
  })
  .strict()

export const StoreReportReview = z.object({ reason: z.string().max(200).optional() }).strict()

export const StoreReviewPhotos = z
  .object({
    files: z
      .array(z.object({ filename: z.string().max(200).optional(), mime_type: z.string(), content: z.string() }))
      .min(1, "一次上传 1–9 张图片 (upload 1 to 9 images)")
      .max(9, "一次上传 1–9 张图片 (upload 1 to 9 images)"),
  })
  .strict()

export const VendorListReviews = z
  .object({
    replied: flag,
    rating: queryRating,
    status: z.enum(["visible", "hidden"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export const VendorReply = z.object({ text: z.string() }).strict()

export const AdminListReviews = z
  .object({
    status: z.enum(["all", "visible", "hidden", "reported"]).default("all"),
    merchant_id: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export const AdminHideReview = z
  .object({ reason: z.string().trim().min(1, "请填写隐藏原因 (a reason is required)").max(500) })
  .strict()
