import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadMerchant } from "../../../../workflows/booking/booking-context"
import { getVendor } from "../../helpers"
import { dayView, parseDate } from "../helpers"

/** The shop's own day, per resource: GET /vendor/booking/calendar?date=YYYY-MM-DD&resource_id= */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const merchant = await loadMerchant(req.scope, vendor.merchant_id)
  const q = req.validatedQuery as { date?: string; resource_id?: string }
  const date = parseDate(q.date, merchant.timezone ?? "Asia/Shanghai")
  res.json({ calendar: await dayView(req.scope, merchant, date, q.resource_id) })
}
