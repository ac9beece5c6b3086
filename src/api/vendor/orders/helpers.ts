import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { loadOrdersFacts } from "../../../workflows/order/facts"
import { appointmentActions, orderActions, paymentStatus, type OrderAction } from "../../../workflows/order/lifecycle"

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

/** The status a clerk's order button leads to (the 商家中心 still names buttons by their target status). */
const ACTION_TARGET: Partial<Record<OrderAction, string>> = { accept: "accepted", reject: "rejected", ready: "ready", complete: "completed" }

/**
 * Medusa orders joined with the shop-side status record, in the record order given. Each carries the
 * actions the order lifecycle offers the shop now (`actions`, and `merchant_next_statuses` as the
 * statuses they lead to) and its appointments with theirs, so the 商家中心 shows only those.
 */
export async function withOrders(container: MedusaContainer, records: any[]) {
  if (!records.length) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const ids = records.map((r) => r.order_id)
  const [{ data }, facts] = await Promise.all([
    query.graph({ entity: "order", fields: VENDOR_ORDER_FIELDS, filters: { id: ids } }),
    loadOrdersFacts(container, ids),
  ])
  const byId = new Map((data as any[]).map((o) => [o.id, o]))
  return records.map((r) => {
    const f = facts.get(r.order_id)
    const actions = f ? orderActions(f, "shop") : []
    return {
      ...byId.get(r.order_id),
      // Medusa's query graph does not compute payment_status: it comes from the same facts as the actions.
      payment_status: f ? paymentStatus(f) : null,
      merchant_status: r.status,
      actions,
      merchant_next_statuses: actions.map((a) => ACTION_TARGET[a]).filter(Boolean),
      appointments: (f?.appointments ?? []).map((a) => ({ ...a, actions: f ? appointmentActions(f, a, "shop") : [] })),
      vouchers: f?.vouchers ?? [],
      merchant_status_detail: {
        reject_reason: r.reject_reason,
        accepted_at: r.accepted_at,
        rejected_at: r.rejected_at,
        ready_at: r.ready_at,
        completed_at: r.completed_at,
      },
    }
  })
}
