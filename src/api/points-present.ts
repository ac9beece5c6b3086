import type { MedusaContainer } from "@medusajs/framework/types"
import { POINTS_MODULE } from "../modules/points"
import type PointsModuleService from "../modules/points/service"

export const KIND_LABELS: Record<string, string> = {
  earn: "消费获得 (earned)",
  spend: "抵扣使用 (spent)",
  reverse_earn: "退款扣回 (reversed on refund)",
  refund_spend: "退回积分 (returned)",
  adjust: "人工调整 (adjusted)",
}

export function presentEntry(e: any) {
  return {
    id: e.id,
    delta: Number(e.delta),
    kind: e.kind,
    kind_label: KIND_LABELS[e.kind] ?? e.kind,
    order_id: e.order_id ?? null,
    reason: e.reason ?? null,
    balance_after: Number(e.balance_after),
    // Points a reversal should have taken but could not, because the customer had already spent them.
    shortfall: Number(e.metadata?.shortfall ?? 0),
    created_at: e.created_at,
  }
}

export async function ledgerResponse(scope: MedusaContainer, customerId: string, page: { limit: number; offset: number }) {
  const service: PointsModuleService = scope.resolve(POINTS_MODULE)
  const { balance, entries, count } = await service.statement(customerId, page)
  return { balance, entries: entries.map(presentEntry), count, limit: page.limit, offset: page.offset }
}
