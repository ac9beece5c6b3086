import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { NEARBY_MODULE } from "../modules/nearby"
import type NearbyModuleService from "../modules/nearby/service"
import { reindexAllMerchants } from "../workflows/nearby/reindex-all"

const WINDOW_MAX_AGE_MS = 6 * 3600 * 1000

// Per process: the first run after start creates the index and applies its settings (Meilisearch's
// searchable/filterable/sortable attributes and ranking rules), so a release that changes them takes
// effect without a manual reindex. Retried on every run until it succeeds.
let indexEnsured = false

/**
 * On the first run after start: applies the index settings and fills an empty index. Afterwards it
 * rebuilds every few hours: each document carries a week of opening intervals (for "open now"),
 * which must move forward with the calendar.
 */
export default async function nearbyRefreshJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const nearby: NearbyModuleService = container.resolve(NEARBY_MODULE)
  if (!indexEnsured) {
    await nearby.ensureIndex()
    indexEnsured = true
  }
  const state = await nearby.getState()
  const empty = (await nearby.countDocs()) === 0
  const stale =
    !state?.windows_refreshed_at || Date.now() - new Date(state.windows_refreshed_at).getTime() > WINDOW_MAX_AGE_MS
  if (!empty && !stale) return { rebuilt: false as const }
  const { indexed, removed } = await reindexAllMerchants(container)
  logger.info(`[nearby] index rebuilt (${empty ? "was empty" : "hours refreshed"}): ${indexed} shops, ${removed} stale removed`)
  return { rebuilt: true as const, indexed, removed }
}

export const config = {
  name: "nearby-index-refresh",
  // Every minute: two cheap checks, so settings are applied and an empty index filled within a minute of start.
  schedule: "* * * * *",
}
