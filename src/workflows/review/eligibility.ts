import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../modules/booking"
import { MERCHANT_MODULE } from "../../modules/merchant"

export type ReviewableLine = {
  order_id: string
  line_item_id: string
  product_id: string | null
  variant_id: string | null
  title: string
  merchant_id: string | null
  merchant_name: string | null
  merchant_category: string | null
  /** Why the line may be reviewed: the shop completed the order, Medusa did, or the appointment was served. */
  completed_by: "merchant_order" | "order" | "appointment" | null
}

/**
 * A customer's order lines and whether each counts as completed. An order is completed when the shop
 * marked it 完成 (merchant_order_state), when Medusa's order is completed, or — per line — when the
 * appointment booked with that line's variant was completed in the shop.
 */
export async function customerOrderLines(
  container: MedusaContainer,
  customerId: string,
  orderIds?: string[]
): Promise<ReviewableLine[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const filters: Record<string, unknown> = { customer_id: customerId }
  if (orderIds) filters.id = orderIds
  const { data: orders } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "status",
      "customer_id",
      "items.id",
      "items.title",
      "items.product_id",
      "items.variant_id",
      "merchant.id",
      "merchant.name",
      "merchant.category",
    ],
    filters,
  })
  if (!orders.length) return []
  const ids = orders.map((o: any) => o.id)

  const merchantService: any = container.resolve(MERCHANT_MODULE)
  const states = await merchantService.listMerchantOrderStates({ order_id: ids, status: "completed" }, { select: ["order_id"] })
  const merchantCompleted = new Set(states.map((s: any) => s.order_id))

  const booking: any = container.resolve(BOOKING_MODULE)
  const appointments = await booking.listBookingAppointments(
    { order_id: ids, status: "completed" },
    { select: ["order_id", "offering_id"] }
  )
  const servedVariants = new Set<string>()
  if (appointments.length) {
    const offerings = await booking.listBookingOfferings(
      { id: [...new Set(appointments.map((a: any) => a.offering_id))] },
      { select: ["id", "variant_id"], withDeleted: true }
    )
    const variantOf = new Map(offerings.map((o: any) => [o.id, o.variant_id]))
    for (const a of appointments) servedVariants.add(`${a.order_id}:${variantOf.get(a.offering_id)}`)
  }

  const lines: ReviewableLine[] = []
  for (const o of orders as any[]) {
    for (const item of o.items ?? []) {
      if (!item) continue
      const completed_by = merchantCompleted.has(o.id)
        ? "merchant_order"
        : o.status === "completed"
          ? "order"
          : servedVariants.has(`${o.id}:${item.variant_id}`)
            ? "appointment"
            : null
      lines.push({
        order_id: o.id,
        line_item_id: item.id,
        product_id: item.product_id ?? null,
        variant_id: item.variant_id ?? null,
        title: item.title,
        merchant_id: o.merchant?.id ?? null,
        merchant_name: o.merchant?.name ?? null,
        merchant_category: o.merchant?.category ?? null,
        completed_by,
      })
    }
  }
  return lines
}
