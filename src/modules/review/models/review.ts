import { model } from "@medusajs/framework/utils"

export const REVIEW_STATUSES = ["visible", "hidden"] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

/**
 * One customer's review of one order line (评价). The line item id is unique, so a line is reviewed at
 * most once; ids of other modules are plain columns, linked read-only in src/links.
 */
export const Review = model
  .define("review", {
    id: model.id({ prefix: "rev" }).primaryKey(),
    merchant_id: model.text(),
    order_id: model.text().index(),
    line_item_id: model.text(),
    product_id: model.text().nullable(),
    customer_id: model.text().index(),
    // Shown unless the review is anonymous; copied at write time so a list needs no customer lookups.
    author_name: model.text().nullable(),
    is_anonymous: model.boolean().default(false),
    rating: model.number(),
    sub_scores: model.json().nullable(),
    text: model.text().nullable(),
    photos: model.json().nullable(),
    // Kept next to `photos` so "with photos" is an indexed filter, not a JSON scan.
    photo_count: model.number().default(0),
    status: model.enum([...REVIEW_STATUSES]).default("visible"),
    hidden_reason: model.text().nullable(),
    hidden_at: model.dateTime().nullable(),
    hidden_by: model.text().nullable(),
    report_count: model.number().default(0),
    useful_count: model.number().default(0),
    edited_at: model.dateTime().nullable(),
    reply_text: model.text().nullable(),
    reply_by: model.text().nullable(),
    replied_at: model.dateTime().nullable(),
    reply_updated_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["line_item_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["merchant_id", "status", "created_at"] },
    { on: ["product_id", "status"], where: "product_id IS NOT NULL" },
    { on: ["customer_id", "created_at"] },
    { on: ["status", "report_count"] },
  ])
