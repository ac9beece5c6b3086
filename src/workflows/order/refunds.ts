import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { fenToYuan, toFen } from "../../lib/money"

export type UnitRefund = {
  refund_status: "refunded" | "partially_refunded" | "not_captured"
  refunded_amount: number
  refunds: { payment_id: string; amount: number }[]
}

/**
 * Pays `fen` back for one unit of an order (a cancelled appointment, a refunded voucher) from what the
 * order's payments captured and have not refunded, through Medusa's refund flow. Money only authorised
 * was never taken: nothing moves and the unit says `not_captured` (the lifecycle then captures that much
 * less, or voids the authorization). One order's refunds take turns under a lock, so two units refunded
 * at once cannot both count the same captured money.
 */
export async function refundUnit(
  container: MedusaContainer,
  input: { order_id: string; fen: number; created_by?: string | null; note: string }
): Promise<UnitRefund> {
  if (input.fen <= 0) return { refund_status: "refunded", refunded_amount: 0, refunds: [] }
  const locking = container.resolve(Modules.LOCKING)
  return locking.execute(`order-refund:${input.order_id}`, async () => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["payment_collections.payments.id", "payment_collections.payments.captures.amount", "payment_collections.payments.refunds.amount"],
      filters: { id: input.order_id },
    })
    const payments = ((data[0] as any)?.payment_collections ?? []).flatMap((pc: any) => pc?.payments ?? []).filter(Boolean)
    let left = input.fen
    const refunds: UnitRefund["refunds"] = []
    for (const p of payments) {
      const captured = (p.captures ?? []).reduce((sum: number, c: any) => sum + toFen(c?.amount), 0)
      const refunded = (p.refunds ?? []).reduce((sum: number, r: any) => sum + toFen(r?.amount), 0)
      const take = Math.min(left, captured - refunded)
      if (take <= 0) continue
      await refundPaymentWorkflow(container).run({
        input: { payment_id: p.id, amount: fenToYuan(take) as any, created_by: input.created_by ?? undefined, note: input.note },
      })
      refunds.push({ payment_id: p.id, amount: take / 100 })
      left -= take
      if (left <= 0) break
    }
    return {
      refund_status: refunds.length ? (left > 0 ? "partially_refunded" : "refunded") : "not_captured",
      refunded_amount: (input.fen - left) / 100,
      refunds,
    }
  }, { timeout: 30 })
}

/**
 * What the order's cancelled appointments and refunded vouchers were owed back but could not be paid
 * from captured money (an in-store authorization): that part of the authorization is never captured.
 */
export function releasedFen(appointments: any[], vouchers: any[]) {
  const owed = (wanted: unknown, paid: unknown) => Math.max(0, toFen((wanted ?? 0) as any) - toFen((paid ?? 0) as any))
  const fromAppointments = appointments
    .filter((a) => a.status === "cancelled" && a.cancellation?.refund_status && a.cancellation.refund_status !== "with_order")
    .reduce((s, a) => s + owed(a.cancellation.refund_amount, a.cancellation.refunded_amount), 0)
  const fromVouchers = vouchers
    .filter((v) => v.status === "refunded" && v.refund?.refund_status && v.refund.refund_status !== "with_order")
    .reduce((s, v) => s + owed(v.refund.amount, v.refund.refunded_amount), 0)
  return fromAppointments + fromVouchers
}
