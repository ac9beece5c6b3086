import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../modules/booking"
import type BookingModuleService from "../modules/booking/service"
import { expireVoucherWorkflow } from "../workflows/booking/voucher-actions"

/**
 * Unused vouchers past their expiry become `expired`, or `refunded` (paid back in full) where the
 * product refunds on expiry (过期退). Each goes through the workflow, so the order's lifecycle follows;
 * a voucher that fails (e.g. the gateway refused the refund) stays unused and is tried again next hour.
 * Running twice changes nothing the second time.
 */
export default async function expireVouchers(container: MedusaContainer) {
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const counts = { expired: 0, refunded: 0, failed: 0 }
  const tried = new Set<string>()
  for (;;) {
    const ids = (await booking.dueVoucherIds(200)).filter((id) => !tried.has(id))
    if (!ids.length) break
    for (const id of ids) {
      tried.add(id)
      try {
        const { result } = await expireVoucherWorkflow(container).run({ input: { voucher_id: id } })
        if (result?.status === "refunded") counts.refunded++
        else if (result?.status === "expired") counts.expired++
      } catch (e: any) {
        counts.failed++
        logger.warn(`[booking] voucher ${id} could not be expired: ${e?.message ?? e}`)
      }
    }
  }
  if (counts.expired || counts.refunded || counts.failed) {
    logger.info(`[booking] vouchers past expiry: ${counts.expired} expired, ${counts.refunded} refunded, ${counts.failed} failed`)
  }
  return counts
}

export const config = {
  name: "expire-vouchers",
  schedule: "0 * * * *",
}
