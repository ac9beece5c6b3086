import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BOOKING_MODULE } from "../../../../modules/booking"
import type BookingModuleService from "../../../../modules/booking/service"
import { getVendor } from "../../helpers"
import { listVouchers, presentVoucher, type VoucherListQuery } from "../voucher-helpers"

/** The shop's vouchers (团购券), e.g. of one order for the 商家中心; never their codes. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const q = req.validatedQuery as unknown as VoucherListQuery
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const [rows, count] = await listVouchers(booking, { merchant_id: vendor.merchant_id }, q)
  res.json({ vouchers: rows.map((v) => presentVoucher(v, { audience: "shop" })), count, limit: q.limit, offset: q.offset })
}
