import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import type MerchantModuleService from "../../../../../modules/merchant/service"
import { BOOKING_MODULE } from "../../../../../modules/booking"
import type BookingModuleService from "../../../../../modules/booking/service"
import { addDays, computeSlots, dayBounds, type SlotContext } from "../../../../../modules/booking/utils/slots"
import { loadOffering, ruleError } from "../../../../../workflows/booking/booking-context"
import { parseDate } from "../../../../vendor/booking/helpers"

const MAX_DAYS = 14

/**
 * GET /store/merchants/:id/availability?offering=&date=YYYY-MM-DD[&to=YYYY-MM-DD][&party_size=]
 * Free slots with remaining seats, per local day of the shop. Two queries (the shop, then everything
 * about the offering in one round trip) and the grid computed in memory, rather than going through the
 * product/pricing machinery.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const t0 = performance.now()
  const key = req.params.id
  const q = req.validatedQuery as { offering: string; date?: string; to?: string; party_size?: number }
  const merchants: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [merchant] = await merchants.listMerchants({ status: "approved", ...(key.startsWith("mer_") ? { id: key } : { slug: key }) })
  if (!merchant) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${key} 不存在或未营业 (merchant not found)`)
  const tz = (merchant as any).timezone ?? "Asia/Shanghai"
  const first = parseDate(q.date, tz)
  const last = q.to ? parseDate(q.to, tz) : first
  if (last < first) throw new MedusaError(MedusaError.Types.INVALID_DATA, "to: 结束日期不能早于开始日期 (to must not be before date)")
  const dates: string[] = []
  for (let d = first; d <= last; d = addDays(d, 1)) {
    dates.push(d)
    if (dates.length > MAX_DAYS) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `to: 一次最多查询 ${MAX_DAYS} 天 (at most ${MAX_DAYS} days per request)`)
    }
  }
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const inputs = await booking.availabilityInputs({
    offering_id: q.offering,
    merchant_id: merchant.id,
    from: new Date(dayBounds(first, tz)[0]),
    to: new Date(dayBounds(last, tz)[1]),
  })
  if (!inputs) {
    // Only on this error path: tell a missing offering (404) from another shop's (400).
    await loadOffering(req.scope, q.offering)
    ruleError("offering_merchant", "offering")
  }
  const offering = inputs.offering
  const party = q.party_size ?? offering.min_party
  if (party < offering.min_party || party > offering.max_party) {
    ruleError("party_size", "party_size", `${offering.min_party}–${offering.max_party} 人`)
  }
  const ctx: SlotContext = {
    timeZone: tz,
    merchantHours: (merchant as any).business_hours,
    offering,
    resources: inputs.resources,
    closures: inputs.closures,
    usages: inputs.usages,
    now: Date.now(),
  }
  const t1 = performance.now()
  const slots = computeSlots(ctx, dates, party)
  // Server-Timing lets browsers' dev tools and bench:booking see the database and grid costs apart
  // from the HTTP stack in front of them.
  res.setHeader("Server-Timing", `db;dur=${(t1 - t0).toFixed(2)}, slots;dur=${(performance.now() - t1).toFixed(2)}`)
  res.json({
    merchant_id: merchant.id,
    offering_id: offering.id,
    timezone: tz,
    dates,
    duration_minutes: offering.duration_minutes,
    slot_step_minutes: offering.slot_step_minutes,
    slots: slots.map((s) => ({ start_at: s.start_at, end_at: s.end_at, remaining: s.remaining })),
  })
}
