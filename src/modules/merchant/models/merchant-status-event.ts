import { model } from "@medusajs/framework/utils"
import { Merchant } from "./merchant"

/** Audit trail of review decisions, so an operator can see who approved or suspended a shop and why. */
export const MerchantStatusEvent = model.define("merchant_status_event", {
  id: model.id({ prefix: "mstev" }).primaryKey(),
  from_status: model.text().nullable(),
  to_status: model.text(),
  reason: model.text().nullable(),
  actor_type: model.text().nullable(),
  actor_id: model.text().nullable(),
  merchant: model.belongsTo(() => Merchant, { mappedBy: "status_events" }),
})
