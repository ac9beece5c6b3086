import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { POINTS_MODULE } from "../../modules/points"
import type PointsModuleService from "../../modules/points/service"

export const POINTS_REFERENCE = "points"

export function pointsService(container: MedusaContainer): PointsModuleService {
  return container.resolve(POINTS_MODULE)
}

/** Points an order or cart holds as credit lines (reference "points", metadata.points). */
export function pointsOnCreditLines(lines: any[] | null | undefined) {
  return (lines ?? [])
    .filter((l) => l?.reference === POINTS_REFERENCE)
    .reduce((sum, l) => sum + Number(l?.metadata?.points ?? 0), 0)
}

export async function loadOrderForPoints(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "status",
      "customer_id",
      "customer.has_account",
      "total",
      "credit_line_total",
      "credit_lines.*",
      "payment_collections.payments.id",
      "payment_collections.payments.amount",
      "payment_collections.payments.refunds.id",
      "payment_collections.payments.refunds.amount",
      "payment_collections.payments.refunds.created_at",
    ],
    filters: { id: orderId },
  })
  return (data[0] as any) ?? null
}

/** Every refund of an order's payments, oldest first (the order they were paid back in). */
export function orderRefunds(order: any): { id: string; amount: number; created_at: string }[] {
  const refunds = (order?.payment_collections ?? [])
    .flatMap((c: any) => c?.payments ?? [])
    .flatMap((p: any) => p?.refunds ?? [])
    .filter(Boolean)
  return refunds
    .map((r: any) => ({ id: r.id, amount: Number(r.amount), created_at: String(r.created_at) }))
    .sort((a: any, b: any) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1))
}
