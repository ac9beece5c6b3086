import { model } from "@medusajs/framework/utils"

/**
 * A product's (or service's) rating from its visible reviews, stored when a review changes (the recount
 * step of the review workflows) so the nearby index and lists read it instead of counting.
 */
export const ProductRating = model
  .define("review_product_rating", {
    id: model.id({ prefix: "rprt" }).primaryKey(),
    product_id: model.text(),
    merchant_id: model.text().index(),
    rating_avg: model.float().default(0),
    rating_count: model.number().default(0),
  })
  .indexes([{ on: ["product_id"], unique: true }])
