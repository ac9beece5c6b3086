import { model } from "@medusajs/framework/utils"

/**
 * One balance per customer. The migration adds CHECK (balance >= 0), so even a writer that skips the
 * service's conditional UPDATE cannot take an account below zero.
 */
export const PointsAccount = model.define("points_account", {
  id: model.id({ prefix: "ptacc" }).primaryKey(),
  customer_id: model.text().unique(),
  balance: model.number().default(0),
})
