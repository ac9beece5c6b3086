import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { NEARBY_MODULE } from "../modules/nearby"
import type NearbyModuleService from "../modules/nearby/service"
import { reindexAllMerchants } from "../workflows/nearby/reindex-all"

const WINDOW_MAX_AGE_MS = 6 * 3600 * 1000

/**
 * Fills an empty index after start, and rebuilds it every few hours: each document carries a week of
 * opening intervals (for "open now"), which must move forward with the calendar.
 */
export default async function nearbyRefreshJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const nearby: NearbyModuleService = container.resolve(NEARBY_MODULE)
  const state = await nearby.getState()
  const empty = (await nearby.countDocs()) === 0
  const stale =
    !state?.windows_refreshed_at || Date.now() - new Date(state.windows_refreshed_at).getTime() > WINDOW_MAX_AGE_MS
  if (!empty && !stale) return
  const { indexed } = await reindexAllMerchants(container)
  logger.info(`[nearby] index rebuilt (${empty ? "was empty" : "hours refreshed"}): ${indexed} shops`)
}

export const config = {
  name: "nearby-index-refresh",
  // Every minute: two cheap checks, so an empty index is filled within a minute of start.
  schedule: "* * * * *",
}
