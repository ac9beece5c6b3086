import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../../../../modules/booking"
import type BookingModuleService from "../../../../../modules/booking/service"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import type MerchantModuleService from "../../../../../modules/merchant/service"

/** The shop's bookable services, with the rules a storefront needs to show (duration, party size, cancellation). */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const key = req.params.id
  const merchants: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [merchant] = await merchants.listMerchants({ status: "approved", ...(key.startsWith("mer_") ? { id: key } : { slug: key }) })
  if (!merchant) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${key} 不存在或未营业 (merchant not found)`)
  const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
  const offerings = await booking.listBookingOfferings({ merchant_id: merchant.id, is_active: true })
  res.json({
    offerings: offerings.map((o: any) => {
      const { resource_ids, merchant_id, deleted_at, ...rest } = o
      return { ...rest, merchant_id, resource_count: (resource_ids ?? []).length }
    }),
  })
}
