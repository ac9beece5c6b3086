import { model } from "@medusajs/framework/utils"
import { Merchant } from "./merchant"

export const MERCHANT_ORDER_STATUSES = ["new", "accepted", "rejected", "ready", "completed", "cancelled"] as const
export type MerchantOrderStatus = (typeof MERCHANT_ORDER_STATUSES)[number]

/**
 * The shop's side of an order (接单 → 备好 → 完成), kept next to Medusa's own order status. Which moves are
 * allowed, and by whom, is the order lifecycle's table (src/workflows/order/lifecycle.ts).
 */
export const MerchantOrderState = model
  .define("merchant_order_state", {
    id: model.id({ prefix: "mostate" }).primaryKey(),
    order_id: model.text().unique(),
    status: model.enum([...MERCHANT_ORDER_STATUSES]).default("new").index(),
    reject_reason: model.text().nullable(),
    accepted_at: model.dateTime().nullable(),
    rejected_at: model.dateTime().nullable(),
    ready_at: model.dateTime().nullable(),
    completed_at: model.dateTime().nullable(),
    merchant: model.belongsTo(() => Merchant, { mappedBy: "merchant_orders" }),
  })
