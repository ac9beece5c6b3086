import { model } from "@medusajs/framework/utils"

/** Bookkeeping of the nearby index: when it was last fully rebuilt and its open-hours windows refreshed. */
export const NearbyIndexState = model.define("nearby_index_state", {
  id: model.id({ prefix: "nbst" }).primaryKey(),
  provider: model.text(),
  last_full_reindex_at: model.dateTime().nullable(),
  windows_refreshed_at: model.dateTime().nullable(),
  document_count: model.number().default(0),
})
