import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadMerchant } from "../../../../workflows/booking/booking-context"
import { dayView, parseDate } from "../../../vendor/booking/helpers"

/** Operators: any shop's day, per resource. GET /admin/bookings/calendar?merchant_id=&date= */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as { merchant_id: string; date?: string }
  const merchant = await loadMerchant(req.scope, q.merchant_id)
  const date = parseDate(q.date, merchant.timezone ?? "Asia/Shanghai")
  res.json({ calendar: await dayView(req.scope, merchant, date, undefined, "operator") })
}
