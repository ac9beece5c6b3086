import { model } from "@medusajs/framework/utils"

/** A customer's report (举报) of a review for the operators' queue; one per customer and review. */
export const ReviewReport = model
  .define("review_report", {
    id: model.id({ prefix: "rrep" }).primaryKey(),
    review_id: model.text().index(),
    customer_id: model.text(),
    reason: model.text().nullable(),
  })
  .indexes([{ on: ["review_id", "customer_id"], unique: true }])
