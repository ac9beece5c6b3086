import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { reconcilePoints } from "../workflows/points/reconcile"

/** How far back each run looks: long enough to outlast an outage, short enough to stay cheap. */
export const RECONCILE_LOOKBACK_MS = 30 * 24 * 3600 * 1000

/**
 * The points subscriber only logs a failed earn or reversal; this books what it missed (see
 * reconcilePoints). Safe to run any time: every ledger movement is keyed and booked at most once.
 */
export default async function reconcilePointsJob(container: MedusaContainer) {
  const report = await reconcilePoints(container, { since: new Date(Date.now() - RECONCILE_LOOKBACK_MS) })
  const { earned, reversed, canceled, failed } = report
  if (earned.length || reversed.length || canceled.length || failed.length) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(
        `[points] reconciled: ${earned.length} earn, ${reversed.length} refund reversal(s), ${canceled.length} cancel(s); ${failed.length} still failing`
      )
  }
  return report
}

export const config = {
  name: "reconcile-points",
  schedule: "*/15 * * * *",
}
