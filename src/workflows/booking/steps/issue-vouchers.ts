import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BOOKING_MODULE } from "../../../modules/booking"
import type BookingModuleService from "../../../modules/booking/service"
import type { VoucherUnit } from "../../../modules/booking/service"
import { addDays, dayBounds, localDate } from "../../../modules/booking/utils/slots"
import { splitFen, toFen, voucherRules } from "../../../modules/booking/utils/voucher"

/**
 * Which order lines become vouchers: services sold without a booking (a 双人火锅套餐). A booked line
 * already has its appointment (its variant is an offering's, and the line carries the appointment id);
 * goods are picked up or delivered through the order's fulfilment, not shown at the counter.
 */
function needsVoucher(item: any, product: any, bookable: Set<string>) {
  if (!item?.variant_id || !product) return false
  if (bookable.has(item.variant_id) || item.metadata?.appointment_id) return false
  return product.metadata?.kind !== "goods"
}

/** End of the shop's local day `days` after today: a voucher is good for whole days. */
function expiryOf(days: number, timeZone: string, now = Date.now()) {
  return new Date(dayBounds(addDays(localDate(now, timeZone), days), timeZone)[1])
}

/**
 * The units to issue for an order, with what each was really paid: the line's total after its
 * discounts, less its share of the order's credit lines (points), split exactly in fen over the units.
 */
export async function voucherUnitsOfOrder(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "customer_id",
      "credit_line_total",
      "items.id",
      "items.variant_id",
      "items.product_id",
      "items.title",
      "items.product_title",
      "items.variant_title",
      "items.unit_price",
      "items.quantity",
      "items.total",
      "items.metadata",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as any
  if (!order) return { customer_id: null, units: [] as VoucherUnit[] }
  const items = ((order.items ?? []) as any[]).filter(Boolean)
  const productIds = [...new Set(items.map((i) => i.product_id).filter(Boolean))] as string[]
  const variantIds = [...new Set(items.map((i) => i.variant_id).filter(Boolean))] as string[]
  if (!productIds.length) return { customer_id: order.customer_id ?? null, units: [] as VoucherUnit[] }
  const [{ data: products }, offerings] = await Promise.all([
    query.graph({
      entity: "product",
      fields: ["id", "title", "metadata", "merchant.id", "merchant.timezone"],
      filters: { id: productIds },
    }),
    (container.resolve(BOOKING_MODULE) as BookingModuleService).listBookingOfferings({ variant_id: variantIds }),
  ])
  const productById = new Map((products as any[]).map((p) => [p.id, p]))
  const bookable = new Set(offerings.map((o: any) => o.variant_id as string))

  const allItemsFen = items.reduce((sum, i) => sum + toFen(i.total), 0)
  const creditFen = toFen(order.credit_line_total)
  const units: VoucherUnit[] = []
  for (const item of items) {
    const product = productById.get(item.product_id)
    if (!needsVoucher(item, product, bookable) || !product.merchant?.id) continue
    const quantity = Number(item.quantity)
    const lineFen = toFen(item.total)
    // Rounded down, so a unit never claims more credit than it carried: the customer is never short-changed.
    const creditShare = allItemsFen > 0 ? Math.floor((creditFen * lineFen) / allItemsFen) : 0
    const paid = splitFen(Math.max(0, lineFen - creditShare), quantity)
    const rules = voucherRules(product.metadata)
    const expires_at = expiryOf(rules.valid_days, product.merchant.timezone || "Asia/Shanghai")
    const title = [item.product_title || product.title || item.title, item.variant_title].filter(Boolean).join(" · ")
    for (let n = 0; n < quantity; n++) {
      units.push({
        merchant_id: product.merchant.id,
        line_item_id: item.id,
        product_id: item.product_id,
        variant_id: item.variant_id,
        title,
        unit_price: toFen(item.unit_price),
        paid_amount: paid[n],
        refundable: rules.refundable,
        refund_on_expiry: rules.refund_on_expiry,
        expires_at,
      })
    }
  }
  return { customer_id: (order.customer_id as string) ?? null, units }
}

/**
 * Runs in the checkout workflow after the order exists: one voucher per unit of every line sold without
 * a booking. A retried run returns the vouchers already issued and makes none; compensation withdraws
 * only the ones this run made.
 */
export const issueOrderVouchersStep = createStep(
  "booking-issue-order-vouchers",
  async (input: { order_id: string }, { container }) => {
    const { customer_id, units } = await voucherUnitsOfOrder(container, input.order_id)
    if (!units.length) return new StepResponse([] as any[], [] as string[])
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    const { vouchers, created } = await booking.issueVouchers({ order_id: input.order_id, customer_id, units })
    return new StepResponse(vouchers, created)
  },
  async (created, { container }) => {
    if (!created?.length) return
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    await booking.voidVouchers(created)
  }
)
