import { model } from "@medusajs/framework/utils"

export const POINTS_ENTRY_KINDS = ["earn", "spend", "reverse_earn", "refund_spend", "adjust"] as const
export type PointsEntryKind = (typeof POINTS_ENTRY_KINDS)[number]

/**
 * The ledger the customer sees. Every balance change writes exactly one entry in the same transaction;
 * `idempotency_key` is unique, so a replayed event (earn:<order>, reverse_earn:<refund>, ...) can never
 * credit or debit twice.
 */
export const PointsEntry = model
  .define("points_entry", {
    id: model.id({ prefix: "ptent" }).primaryKey(),
    customer_id: model.text().index(),
    delta: model.number(),
    kind: model.enum([...POINTS_ENTRY_KINDS]),
    order_id: model.text().index().nullable(),
    reason: model.text().nullable(),
    balance_after: model.number(),
    idempotency_key: model.text().unique(),
    metadata: model.json().nullable(),
  })
  .indexes([{ on: ["customer_id", "created_at"] }])
