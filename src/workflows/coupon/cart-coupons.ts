import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { evaluateCoupon, fen, yuan, type BatchLike, type CartFacts, type Evaluation, type Tier } from "../../modules/coupon/utils/rules"
import { MERCHANT_MODULE } from "../../modules/merchant"
import { merchantOfCart } from "../merchant/steps/resolve-cart-merchant"
import { batchCodes, isCouponCode } from "./promotion-data"

/** Statuses that are not an order the customer placed: a canceled one, or an operator's draft. */
const NOT_PLACED = ["canceled", "draft"]
const PAGE = 500

/**
 * Whether the customer counts as having ordered before, for 新客 coupons: any order that is not
 * canceled (nor a draft). A shop's coupon asks about that shop only — "never ordered here", which is
 * what a shop courting new customers means on a marketplace — while a platform coupon asks about the
 * whole platform.
 */
export async function hasPriorOrder(container: MedusaContainer, customerId: string, merchantId: string | null) {
  const orders = container.resolve(Modules.ORDER)
  const filters = { customer_id: customerId, status: { $nin: NOT_PLACED }, is_draft_order: false } as any
  if (!merchantId) {
    const [, count] = await orders.listAndCountOrders(filters, { select: ["id"], take: 1 })
    return count > 0
  }
  // The shop of an order lives in the merchant module: check the customer's orders against it, a page
  // at a time (a customer has few orders; a shop may have very many).
  const merchants: any = container.resolve(MERCHANT_MODULE)
  for (let skip = 0; ; skip += PAGE) {
    const page = await orders.listOrders(filters, { select: ["id"], take: PAGE, skip, order: { created_at: "DESC" } })
    if (!page.length) return false
    const [hit] = await merchants.listMerchantOrderStates(
      { merchant_id: merchantId, order_id: page.map((o: any) => o.id) },
      { select: ["id"], take: 1 }
    )
    if (hit) return true
    if (page.length < PAGE) return false
  }
}

export type CartCouponState = {
  cart: {
    id: string
    customer_id: string | null
    completed_at: string | null
    promo_codes: string[]
    /** Coupon adjustments on the cart's lines: code → yuan taken off. */
    coupon_adjustments: Map<string, number>
    payment_session_at: Date | null
  }
  facts: CartFacts
}

export async function loadCart(container: MedusaContainer, cartId: string): Promise<CartCouponState> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "customer_id",
      "completed_at",
      "original_item_total",
      "promotions.code",
      "items.adjustments.code",
      "items.adjustments.amount",
      "payment_collection.payment_sessions.created_at",
    ],
    filters: { id: cartId },
  })
  const cart = data[0] as any
  if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `购物车 ${cartId} 不存在 (cart not found)`)
  const merchant = await merchantOfCart(container, cartId)
  const adjustments = new Map<string, number>()
  for (const item of (cart.items ?? []) as any[]) {
    for (const adj of item?.adjustments ?? []) {
      if (adj?.code && isCouponCode(adj.code)) adjustments.set(adj.code, (adjustments.get(adj.code) ?? 0) + fen(adj.amount))
    }
  }
  const sessions = ((cart.payment_collection?.payment_sessions ?? []) as any[]).filter(Boolean)
  const latest = sessions.map((s) => new Date(s.created_at).getTime()).sort((a, b) => b - a)[0]
  return {
    cart: {
      id: cart.id,
      customer_id: cart.customer_id ?? null,
      completed_at: cart.completed_at ?? null,
      promo_codes: ((cart.promotions ?? []) as any[]).map((p) => p?.code).filter(Boolean),
      coupon_adjustments: new Map([...adjustments].map(([code, f]) => [code, yuan(f)])),
      payment_session_at: latest ? new Date(latest) : null,
    },
    facts: {
      customer_id: cart.customer_id ?? null,
      merchant_id: merchant?.id ?? null,
      merchant_name: merchant?.name ?? null,
      subtotal: Number(cart.original_item_total ?? 0),
    },
  }
}

export const couponCodesOn = (state: CartCouponState) => state.cart.promo_codes.filter(isCouponCode)

/** What one batch actually takes off this cart now (Medusa's adjustments), and which tier that is. */
export function appliedByBatch(state: CartCouponState, batch: any): { discount: number; codes: string[]; tier: Tier | null } {
  const own = new Set(batchCodes(batch))
  let total = 0
  const codes: string[] = []
  for (const [code, amount] of state.cart.coupon_adjustments) {
    if (!own.has(code)) continue
    total += fen(amount)
    codes.push(code)
  }
  const tier = ((batch.tiers ?? []) as any[]).find((t) => codes.includes(t.code)) ?? null
  return { discount: yuan(total), codes, tier: tier ? { min: Number(tier.min), off: Number(tier.off), code: tier.code } : null }
}

export type EvaluatedCoupon = { coupon: any; batch: any; evaluation: Evaluation; ends_at: Date | string }

/**
 * Each wallet coupon judged against the cart, with the reason when it cannot be used. `now` lets
 * checkout judge validity at the moment the customer started paying.
 */
export async function evaluateWallet(
  container: MedusaContainer,
  state: CartCouponState,
  coupons: any[],
  opts: { now?: Date } = {}
): Promise<EvaluatedCoupon[]> {
  if (!coupons.length) return []
  const service: CouponModuleService = container.resolve(COUPON_MODULE)
  const batches = await service.listCouponBatches({ id: [...new Set(coupons.map((c) => c.batch_id))] })
  const byId = new Map(batches.map((b: any) => [b.id, b]))
  const merchantIds = [...new Set(batches.map((b: any) => b.merchant_id).filter(Boolean))] as string[]
  const names = new Map<string, string>()
  if (merchantIds.length) {
    const merchants = await (container.resolve(MERCHANT_MODULE) as any).listMerchants({ id: merchantIds }, { select: ["id", "name"] })
    for (const m of merchants) names.set(m.id, m.name)
  }
  // Order history per scope (a shop, or the platform), asked once and only for 新客 batches.
  const history = new Map<string, Promise<boolean>>()
  const prior = (merchantId: string | null) => {
    const key = merchantId ?? ""
    if (!history.has(key)) history.set(key, hasPriorOrder(container, state.facts.customer_id!, merchantId))
    return history.get(key)!
  }
  return Promise.all(
    coupons.map(async (coupon) => {
      const batch = byId.get(coupon.batch_id) as any
      const evaluation = evaluateCoupon({
        batch: asBatch(batch),
        coupon,
        cart: state.facts,
        batch_merchant_name: batch.merchant_id ? names.get(batch.merchant_id) ?? null : null,
        has_prior_order: batch.new_customer_only && state.facts.customer_id ? await prior(batch.merchant_id ?? null) : false,
        now: opts.now,
      })
      return { coupon, batch, evaluation, ends_at: batch.ends_at }
    })
  )
}

export function asBatch(b: any): BatchLike {
  return {
    ...b,
    value: b.value == null ? null : Number(b.value),
    min_spend: Number(b.min_spend ?? 0),
    tiers: b.tiers ? (b.tiers as any[]).map((t) => ({ ...t, min: Number(t.min), off: Number(t.off) })) : null,
  }
}
