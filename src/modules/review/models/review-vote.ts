import { model } from "@medusajs/framework/utils"

/** A customer's "有用" (useful) mark on a review; the unique index makes it one per customer. */
export const ReviewVote = model
  .define("review_vote", {
    id: model.id({ prefix: "rvote" }).primaryKey(),
    review_id: model.text(),
    customer_id: model.text(),
  })
  .indexes([{ on: ["review_id", "customer_id"], unique: true }])
