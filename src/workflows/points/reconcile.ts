import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../modules/booking"
import { pointsService } from "./helpers"
import {
  earnOrderPointsWorkflow,
  orderIdOfPayment,
  returnCanceledOrderPointsWorkflow,
  reverseRefundPointsWorkflow,
} from "./order-points"

const PAGE = 200

export type ReconcileReport = { earned: string[]; reversed: string[]; canceled: string[]; failed: string[] }

async function pages<T>(fetch: (skip: number) => Promise<T[]>, each: (rows: T[]) => Promise<void>) {
  for (let skip = 0; ; skip += PAGE) {
    const rows = await fetch(skip)
    if (rows.length) await each(rows)
    if (rows.length < PAGE) return
  }
}

/** The idempotency keys among `keys` that the ledger already holds. */
async function bookedKeys(container: MedusaContainer, keys: string[]) {
  if (!keys.length) return new Set<string>()
  const entries = await pointsService(container).listPointsEntries({ idempotency_key: keys }, { select: ["idempotency_key"] })
  return new Set(entries.map((e: any) => e.idempotency_key as string))
}

/**
 * Books what the points subscriber should have booked but did not (an event lost, a workflow that
 * failed and was only logged), for everything that happened since `since`:
 *  - `earn:<order>` for orders completed by Medusa or the shop, or whose appointment was completed;
 *  - the refund reversals of refunds that have no ledger entry, on orders that earned or spent points;
 *  - `cancel:<order>` for canceled orders that spent points.
 * It runs the same workflows as the subscriber, and every ledger key is unique, so a run racing the
 * subscriber, or a second run, books nothing twice. Earnings go first: an earn booked late leaves out
 * the refunds known by then, and the reversals skip those refunds.
 */
export async function reconcilePoints(container: MedusaContainer, opts: { since: Date }): Promise<ReconcileReport> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const report: ReconcileReport = { earned: [], reversed: [], canceled: [], failed: [] }
  const attempt = async (label: string, run: () => Promise<unknown>) => {
    try {
      await run()
      return true
    } catch (e: any) {
      report.failed.push(label)
      logger.error(`[points] reconcile ${label} failed: ${e.message}`)
      return false
    }
  }
  const orders = container.resolve(Modules.ORDER)
  const since = opts.since

  // ---- earnings ----
  const completed = new Set<string>()
  await pages(
    (skip) => orders.listOrders({ status: "completed", updated_at: { $gte: since } } as any, { select: ["id"], take: PAGE, skip, order: { id: "ASC" } }),
    async (rows) => rows.forEach((o: any) => completed.add(o.id))
  )
  const booking: any = container.resolve(BOOKING_MODULE)
  await pages(
    (skip) =>
      booking.listBookingAppointments(
        { status: "completed", completed_at: { $gte: since }, order_id: { $ne: null } },
        { select: ["id", "order_id"], take: PAGE, skip, order: { id: "ASC" } }
      ),
    async (rows: any[]) => rows.forEach((a) => a.order_id && completed.add(a.order_id))
  )
  const ids = [...completed]
  for (let i = 0; i < ids.length; i += PAGE) {
    const chunk = ids.slice(i, i + PAGE)
    const booked = await bookedKeys(container, chunk.map((id) => `earn:${id}`))
    for (const id of chunk) {
      if (booked.has(`earn:${id}`)) continue
      const ok = await attempt(`earn ${id}`, () =>
        earnOrderPointsWorkflow(container).run({ input: { order_id: id, source: "reconcile" } })
      )
      if (ok && (await bookedKeys(container, [`earn:${id}`])).has(`earn:${id}`)) report.earned.push(id)
    }
  }

  // ---- refunds ----
  const paymentModule = container.resolve(Modules.PAYMENT)
  const refundsByPayment = new Map<string, string[]>()
  await pages(
    (skip) =>
      paymentModule.listRefunds({ created_at: { $gte: since.toISOString() } }, { select: ["id", "payment_id"], take: PAGE, skip, order: { id: "ASC" } }),
    async (rows) => {
      const booked = await bookedKeys(container, rows.flatMap((r: any) => [`reverse_earn:${r.id}`, `refund_spend:${r.id}`]))
      for (const r of rows as any[]) {
        if (booked.has(`reverse_earn:${r.id}`) || booked.has(`refund_spend:${r.id}`)) continue
        refundsByPayment.set(r.payment_id, [...(refundsByPayment.get(r.payment_id) ?? []), r.id])
      }
    }
  )
  for (const paymentId of refundsByPayment.keys()) {
    const orderId = await orderIdOfPayment(container, paymentId)
    if (!orderId) continue
    // Only orders with points to move: a refund of an order that neither earned nor spent has none.
    const [entry] = await pointsService(container).listPointsEntries({ order_id: orderId, kind: ["earn", "spend"] }, { take: 1 })
    if (!entry) continue
    const refundIds = refundsByPayment.get(paymentId)!
    const ok = await attempt(`refund ${paymentId}`, () => reverseRefundPointsWorkflow(container).run({ input: { payment_id: paymentId } }))
    if (!ok) continue
    const booked = await bookedKeys(container, refundIds.flatMap((id) => [`reverse_earn:${id}`, `refund_spend:${id}`]))
    for (const id of refundIds) if (booked.has(`reverse_earn:${id}`) || booked.has(`refund_spend:${id}`)) report.reversed.push(id)
  }

  // ---- cancellations ----
  await pages(
    (skip) => orders.listOrders({ status: "canceled", updated_at: { $gte: since } } as any, { select: ["id"], take: PAGE, skip, order: { id: "ASC" } }),
    async (rows) => {
      const spent = await pointsService(container).listPointsEntries(
        { order_id: rows.map((o: any) => o.id), kind: "spend" },
        { select: ["order_id"] }
      )
      const withSpend = [...new Set(spent.map((e: any) => e.order_id as string))]
      const booked = await bookedKeys(container, withSpend.map((id) => `cancel:${id}`))
      for (const id of withSpend) {
        if (booked.has(`cancel:${id}`)) continue
        if (await attempt(`cancel ${id}`, () => returnCanceledOrderPointsWorkflow(container).run({ input: { order_id: id } }))) {
          report.canceled.push(id)
        }
      }
    }
  )
  return report
}
