import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BOOKING_MODULE } from "../../../../../modules/booking"
import type BookingModuleService from "../../../../../modules/booking/service"
import { listVouchers, merchantNames, presentVoucher, type VoucherListQuery } from "../../../../vendor/booking/voucher-helpers"

/** The signed-in customer's vouchers (我的团购券), optionally of one order, with code, QR and allowed actions. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as VoucherListQuery
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const [rows, count] = await listVouchers(booking, { customer_id: req.auth_context.actor_id }, q)
  const names = await merchantNames(req.scope, rows)
  res.json({
    vouchers: rows.map((v) => presentVoucher(v, { audience: "customer", merchant_name: names.get(v.merchant_id) ?? null })),
    count,
    limit: q.limit,
    offset: q.offset,
  })
}
