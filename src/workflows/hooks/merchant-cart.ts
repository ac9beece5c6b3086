import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { addToCartWorkflow, completeCartWorkflow, createCartWorkflow } from "@medusajs/medusa/core-flows"
import { MERCHANT_MODULE } from "../../modules/merchant"
import { toFen } from "../../lib/money"
import {
  merchantOfCart,
  merchantsOfVariants,
  type MerchantSummary,
} from "../merchant/steps/resolve-cart-merchant"

/** Every added item must come from one approved shop, the same as the items already in the cart. */
async function checkItems(container: MedusaContainer, variantIds: string[], current: MerchantSummary | null) {
  const byVariant = await merchantsOfVariants(container, variantIds)
  let shop = current
  for (const id of variantIds) {
    const m = byVariant.get(id)
    if (!m) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `商品规格 ${id} 不属于任何商家 (variant has no shop)`)
    }
    if (m.status !== "approved") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `商家「${m.name}」暂停营业，商品不能加入购物车 (shop "${m.name}" is not open for orders)`
      )
    }
    if (shop && shop.id !== m.id) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `购物车里是「${shop.name}」的商品，不能再加入「${m.name}」的商品；请为每家店单独结算 ` +
          `(a cart holds items of one shop: it has "${shop.name}", this item is from "${m.name}")`
      )
    }
    shop = m
  }
  return shop
}

type CartLink = { cart_id: string; merchant_id: string; previous_merchant_id: string | null }

const linkOf = (merchantId: string, cartId: string) => ({
  [MERCHANT_MODULE]: { merchant_id: merchantId },
  [Modules.CART]: { cart_id: cartId },
})

/**
 * Ties the cart to the shop of its items. Only called while the cart has no items, so a link to
 * another shop is stale — left from items since removed (the storefront keeps one cart id) — and is
 * replaced: a cart has at most one shop link, and Medusa refuses a second one.
 */
async function linkCart(container: MedusaContainer, cartId: string, merchantId: string): Promise<CartLink | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: ["id", "merchant.id"], filters: { id: cartId } })
  const previous = ((data[0] as any)?.merchant?.id as string | undefined) ?? null
  if (previous === merchantId) return undefined
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  if (previous) await link.dismiss(linkOf(previous, cartId))
  await link.create(linkOf(merchantId, cartId))
  return { cart_id: cartId, merchant_id: merchantId, previous_merchant_id: previous }
}

/** Compensation: the cart goes back to the shop it was linked to before (or to none). */
async function unlinkCart(container: MedusaContainer, saved: CartLink | undefined) {
  if (!saved) return
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  await link.dismiss(linkOf(saved.merchant_id, saved.cart_id))
  if (saved.previous_merchant_id) await link.create(linkOf(saved.previous_merchant_id, saved.cart_id))
}

addToCartWorkflow.hooks.validate(
  async ({ input, cart }, { container }) => {
    const variantIds = (input.items ?? []).map((i: any) => i.variant_id).filter(Boolean) as string[]
    const current = await merchantOfCart(container, cart.id)
    const shop = await checkItems(container, variantIds, current)
    // The first item decides the cart's shop; the link is what the shop's views read.
    const linked = shop && !current ? await linkCart(container, cart.id, shop.id) : undefined
    return new StepResponse(undefined, linked)
  },
  async (link, { container }) => unlinkCart(container, link)
)

createCartWorkflow.hooks.validate(async ({ input }, { container }) => {
  const variantIds = ((input as any).items ?? []).map((i: any) => i.variant_id).filter(Boolean) as string[]
  await checkItems(container, variantIds, null)
})

createCartWorkflow.hooks.cartCreated(
  async ({ cart }, { container }) => {
    const shop = await merchantOfCart(container, cart.id)
    return new StepResponse(undefined, shop ? await linkCart(container, cart.id, shop.id) : undefined)
  },
  async (link, { container }) => unlinkCart(container, link)
)

// A shop suspended after the customer filled the cart must not take the order; and a payment opened for
// another total (the cart changed in the instant after the customer paid) must not place it: the order
// would be short of what its lines say. The gateway's notification then refunds that payment.
completeCartWorkflow.hooks.validate(async ({ cart }, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "total", "payment_collection.payment_sessions.amount", "payment_collection.payment_sessions.status"],
    filters: { id: (cart as any).id },
  })
  const c = data[0] as any
  const live = ((c?.payment_collection?.payment_sessions ?? []) as any[]).filter((s) => s && s.status !== "canceled" && s.status !== "error")
  if (c && live.some((s) => toFen(s.amount) !== toFen(c.total))) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "支付金额与订单金额不符（购物车已变更），订单未提交；已付款项将原路退回 (the payment was made for another total: the cart changed; no order was placed)"
    )
  }
  const shop = await merchantOfCart(container, (cart as any).id)
  if (shop && shop.status !== "approved") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `商家「${shop.name}」暂停营业，订单无法提交 (shop "${shop.name}" is not open for orders)`
    )
  }
})
