import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { evaluateCoupon, type BatchLike, type CartFacts, type Evaluation } from "../../modules/coupon/utils/rules"
import { MERCHANT_MODULE } from "../../modules/merchant"
import { merchantOfCart } from "../merchant/steps/resolve-cart-merchant"
import { isCouponCode } from "./promotion-data"

/** Orders that count as "has ordered before" for new-customer coupons: any not cancelled. */
export async function hasPriorOrder(container: MedusaContainer, customerId: string) {
  const orders = await container.resolve(Modules.ORDER).listOrders({ customer_id: customerId }, { select: ["id", "status"], take: 20 })
  return orders.some((o: any) => o.status !== "canceled")
}

export type CartCouponState = {
  cart: { id: string; customer_id: string | null; completed_at: string | null; promo_codes: string[] }
  facts: CartFacts
}

export async function loadCart(container: MedusaContainer, cartId: string): Promise<CartCouponState> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "customer_id", "completed_at", "original_item_total", "promotions.code"],
    filters: { id: cartId },
  })
  const cart = data[0] as any
  if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `购物车 ${cartId} 不存在 (cart not found)`)
  const merchant = await merchantOfCart(container, cartId)
  return {
    cart: {
      id: cart.id,
      customer_id: cart.customer_id ?? null,
      completed_at: cart.completed_at ?? null,
      promo_codes: ((cart.promotions ?? []) as any[]).map((p) => p?.code).filter(Boolean),
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

export type EvaluatedCoupon = { coupon: any; batch: any; evaluation: Evaluation; ends_at: Date | string }

/** Each wallet coupon judged against the cart, with the reason when it cannot be used. */
export async function evaluateWallet(container: MedusaContainer, state: CartCouponState, coupons: any[]): Promise<EvaluatedCoupon[]> {
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
  const needsHistory = batches.some((b: any) => b.new_customer_only)
  const prior = needsHistory && state.facts.customer_id ? await hasPriorOrder(container, state.facts.customer_id) : false
  return coupons.map((coupon) => {
    const batch = byId.get(coupon.batch_id) as any
    const evaluation = evaluateCoupon({
      batch: asBatch(batch),
      coupon,
      cart: state.facts,
      batch_merchant_name: batch.merchant_id ? names.get(batch.merchant_id) ?? null : null,
      has_prior_order: prior,
    })
    return { coupon, batch, evaluation, ends_at: batch.ends_at }
  })
}

export function asBatch(b: any): BatchLike {
  return {
    ...b,
    value: b.value == null ? null : Number(b.value),
    min_spend: Number(b.min_spend ?? 0),
    tiers: b.tiers ? (b.tiers as any[]).map((t) => ({ ...t, min: Number(t.min), off: Number(t.off) })) : null,
  }
}
