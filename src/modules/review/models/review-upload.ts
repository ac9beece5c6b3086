import { model } from "@medusajs/framework/utils"

/**
 * A picture a customer uploaded through the File module for a review. A review may only carry URLs
 * recorded here for its author, so it never shows arbitrary external images.
 */
export const ReviewUpload = model
  .define("review_upload", {
    id: model.id({ prefix: "rupl" }).primaryKey(),
    customer_id: model.text(),
    file_id: model.text(),
    url: model.text(),
  })
  .indexes([{ on: ["customer_id", "url"], unique: true }])
