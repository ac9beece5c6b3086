import { model } from "@medusajs/framework/utils"
import { Merchant } from "./merchant"

/** A person who logs in as actor type `merchant`; the auth identity's actor id is this row's id. */
export const MerchantMember = model
  .define("merchant_member", {
    id: model.id({ prefix: "mmem" }).primaryKey(),
    email: model.text(),
    name: model.text().nullable(),
    phone: model.text().nullable(),
    role: model.enum(["owner", "staff"]).default("staff"),
    // Set while an invitation is open; only a hash is kept so a leaked database reveals no live token.
    invite_token_hash: model.text().nullable(),
    invite_expires_at: model.dateTime().nullable(),
    joined_at: model.dateTime().nullable(),
    merchant: model.belongsTo(() => Merchant, { mappedBy: "members" }),
  })
  .indexes([
    { on: ["email"], unique: true, where: "deleted_at IS NULL" },
    { on: ["invite_token_hash"], where: "invite_token_hash IS NOT NULL" },
  ])
