import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"

export const VENDOR_ORDER_FIELDS = [
  "id",
  "display_id",
  "status",
  "email",
  "currency_code",
  "total",
  "subtotal",
  "tax_total",
  "shipping_total",
  "payment_status",
  "fulfillment_status",
  "created_at",
  "items.id",
  "items.title",
  "items.subtitle",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "items.variant_id",
  "items.product_id",
  "shipping_address.*",
  "customer.first_name",
  "customer.last_name",
  "customer.phone",
]

/** Medusa orders joined with the shop-side status record, in the record order given. */
export async function withOrders(container: MedusaContainer, records: any[]) {
  if (!records.length) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: VENDOR_ORDER_FIELDS,
    filters: { id: records.map((r) => r.order_id) },
  })
  const byId = new Map((data as any[]).map((o) => [o.id, o]))
  const merchants: MerchantModuleService = container.resolve(MERCHANT_MODULE)
  return records.map((r) => ({
    ...byId.get(r.order_id),
    merchant_status: r.status,
    merchant_next_statuses: merchants.nextOrderStatuses(r.status),
    merchant_status_detail: {
      reject_reason: r.reject_reason,
      accepted_at: r.accepted_at,
      rejected_at: r.rejected_at,
      ready_at: r.ready_at,
      completed_at: r.completed_at,
    },
  }))
}
