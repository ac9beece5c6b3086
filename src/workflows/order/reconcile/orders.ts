import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../../modules/booking"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import { merchantOfCart } from "../../merchant/steps/resolve-cart-merchant"
import { confirmOrderHoldsWorkflow, repairMerchantOrderWorkflow } from "./repair-workflows"
import type { Finding, Report } from "./types"

const PAGE = 100
/**
 * Orders younger than this may still be in the middle of their checkout (the shop record and the link
 * are its last steps): left to the next run rather than raced.
 */
export const IN_FLIGHT_MS = 10 * 60_000

type Ctx = { container: MedusaContainer; report: Report; fix: boolean }

/**
 * Orders placed that day whose checkout stopped after Medusa made the order (a process killed mid-run,
 * an in-memory workflow engine that neither finished nor undid it): their cart's items belong to a shop,
 * but the order has no merchant link or no shop-side record (状态). Both are made now, status "new", as
 * the checkout would have. Booking holds the checkout should have confirmed are confirmed when the order
 * was paid at the gateway and the holds are still live; otherwise reported (the seat may be gone).
 * Repairs run under the cart's lock, the one every completion path takes, so none races a checkout.
 */
export async function checkOrders(ctx: Ctx, start: Date, end: Date) {
  const { container, report } = ctx
  const orders = container.resolve(Modules.ORDER)
  const cutoff = new Date(Math.min(end.getTime(), Date.now() - IN_FLIGHT_MS))
  if (cutoff <= start) return
  for (let skip = 0; ; skip += PAGE) {
    const rows = (await orders.listOrders({ created_at: { $gte: start, $lt: cutoff }, is_draft_order: false } as any, {
      select: ["id"],
      take: PAGE,
      skip,
      order: { id: "ASC" },
    })) as any[]
    if (rows.length) await checkChunk(ctx, rows.map((o) => o.id))
    report.summary.orders_checked += rows.length
    if (rows.length < PAGE) return
  }
}

async function checkChunk(ctx: Ctx, orderIds: string[]) {
  const { container } = ctx
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "status", "merchant.id", "payment_collections.payments.captured_at", "payment_collections.payments.provider_id"],
    filters: { id: orderIds },
  })
  const { data: links } = await query.graph({ entity: "order_cart", fields: ["order_id", "cart_id"], filters: { order_id: orderIds } })
  const cartOf = new Map((links as any[]).map((l) => [l.order_id as string, l.cart_id as string]))
  const states = await container.resolve(MERCHANT_MODULE).listMerchantOrderStates({ order_id: orderIds }, { select: ["id", "order_id"] })
  const hasState = new Set((states as any[]).map((s) => s.order_id as string))
  const cartIds = [...cartOf.values()]
  const holds: any[] = cartIds.length
    ? await container.resolve(BOOKING_MODULE).listBookingAppointments(
        { cart_id: cartIds, status: ["held", "expired"] },
        { select: ["id", "cart_id", "status", "expires_at"] }
      )
    : []
  for (const order of orders as any[]) {
    const cartId = cartOf.get(order.id)
    if (!cartId) continue
    await checkShopSide(ctx, order, cartId, hasState.has(order.id))
    const mine = holds.filter((h) => h.cart_id === cartId)
    if (mine.length) await checkHolds(ctx, order, cartId, mine)
  }
}

async function checkShopSide(ctx: Ctx, order: any, cartId: string, stateExists: boolean) {
  const { container, report, fix } = ctx
  const at = { order_id: order.id as string, cart_id: cartId }
  let merchant: { id: string } | null
  try {
    merchant = await merchantOfCart(container, cartId)
  } catch (e: any) {
    report.unresolved({ ...at, kind: "shop_link_mismatch", detail: `无法确定订单所属商家 (the order's shop cannot be told): ${e?.message ?? e}` })
    return
  }
  if (!merchant) return // not a shop's order
  const linked: string | undefined = order.merchant?.id
  if (linked && linked !== merchant.id) {
    report.unresolved({
      ...at,
      merchant_id: merchant.id,
      kind: "shop_link_mismatch",
      detail: `订单关联的商家 ${linked} 与购物车商品的商家 ${merchant.id} 不同 (linked to another shop than its items)`,
    })
    return
  }
  if (linked && stateExists) return
  const missing = !linked && !stateExists ? "shop_order_missing" : !linked ? "shop_link_missing" : "shop_state_missing"
  const what = { shop_order_missing: "商家关联和商家订单状态", shop_link_missing: "商家关联", shop_state_missing: "商家订单状态" }[missing]
  const finding: Finding = { ...at, merchant_id: merchant.id, kind: missing, detail: "" }
  if (order.status === "canceled") {
    // A "new" shop record would offer 接单 on a cancelled order; which final state it should have is a person's call.
    report.unresolved({ ...finding, kind: "shop_order_canceled", detail: `已取消的订单缺少${what} (a cancelled order lacks its shop side: ${missing})` })
    return
  }
  if (!fix) {
    report.fixed({ ...finding, detail: `订单缺少${what}：将补建，状态「待接单」 (would create it, status "new")` })
    return
  }
  try {
    await container.resolve(Modules.LOCKING).execute(
      cartId,
      async () => {
        // Looked at again under the lock: a checkout that just finished has made both itself.
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({ entity: "order", fields: ["id", "merchant.id"], filters: { id: order.id } })
        const nowLinked = !!(data[0] as any)?.merchant?.id
        const [state] = await container.resolve(MERCHANT_MODULE).listMerchantOrderStates({ order_id: order.id }, { select: ["id"] })
        if (nowLinked && state) return
        await repairMerchantOrderWorkflow(container).run({ input: { order_id: order.id, merchant_id: merchant!.id, create_link: !nowLinked } })
      },
      { timeout: 30 }
    )
    report.fixed({ ...finding, detail: `已补建${what}，状态「待接单」 (created, status "new")` })
  } catch (e: any) {
    report.unresolved({ ...finding, kind: "fix_failed", detail: `补建${what}失败 (repair failed): ${e?.message ?? e}` })
  }
}

async function checkHolds(ctx: Ctx, order: any, cartId: string, holds: any[]) {
  const { container, report, fix } = ctx
  const at = { order_id: order.id as string, cart_id: cartId }
  const payments = ((order.payment_collections ?? []) as any[]).flatMap((c) => c?.payments ?? []).filter(Boolean)
  const paid = payments.some((p: any) => !!p.captured_at)
  const live = holds.every((h) => h.status === "held" && new Date(h.expires_at).getTime() > Date.now())
  if (order.status === "canceled" || !paid || !live) {
    report.unresolved({
      ...at,
      kind: "appointment_not_confirmed",
      detail:
        `订单的 ${holds.length} 个预约仍是保留状态，无法自动确认 (${holds.length} booking hold(s) never confirmed): ` +
        (order.status === "canceled" ? "订单已取消 (order cancelled)" : !paid ? "订单未收款 (order not paid)" : "保留已过期，时段可能已被占用 (the hold lapsed; the seat may be taken)"),
    })
    return
  }
  if (!fix) {
    report.fixed({ ...at, kind: "appointment_held", detail: `将确认 ${holds.length} 个预约 (would confirm ${holds.length} booking hold(s))` })
    return
  }
  try {
    await container.resolve(Modules.LOCKING).execute(
      cartId,
      () => confirmOrderHoldsWorkflow(container).run({ input: { cart_id: cartId, order_id: order.id } }),
      { timeout: 30 }
    )
    report.fixed({ ...at, kind: "appointment_held", detail: `已确认 ${holds.length} 个预约 (confirmed ${holds.length} booking hold(s))` })
  } catch (e: any) {
    report.unresolved({ ...at, kind: "appointment_not_confirmed", detail: `确认预约失败 (confirming the holds failed): ${e?.message ?? e}` })
  }
}
