import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { previousShanghaiDay, reconcilePayments, SUMMARY_EVENT, summaryLine } from "../workflows/order/reconcile"

/**
 * Nightly 对账 of the Shanghai day that just ended (see reconcilePayments): repairs what it can, raises
 * `payment.reconcile_mismatch` for the rest, and `payment.reconcile_summary` with the whole summary.
 * 03:30 Beijing time: late enough for WeChat's and Alipay's own day to be closed.
 */
export default async function reconcilePaymentsJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const summary = await reconcilePayments(container, { date: previousShanghaiDay(), fix: true })
  const line = summaryLine(summary)
  if (summary.unresolved.length) logger.warn(line)
  else logger.info(line)
  await container.resolve(Modules.EVENT_BUS).emit({ name: SUMMARY_EVENT, data: summary })
  return summary
}

export const config = {
  name: "reconcile-payments",
  // 19:30 UTC is 03:30 in Shanghai (UTC+8, no daylight saving); the servers keep UTC.
  schedule: "30 19 * * *",
}
