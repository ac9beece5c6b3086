import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type MerchantSummary = { id: string; name: string; status: string }

/** The merchant behind each variant, read through the merchant ↔ product link. */
export async function merchantsOfVariants(container: MedusaContainer, variantIds: string[]) {
  const out = new Map<string, MerchantSummary | null>()
  if (!variantIds.length) return out
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "product.id", "product.merchant.id", "product.merchant.name", "product.merchant.status"],
    filters: { id: variantIds },
  })
  for (const v of data as any[]) out.set(v.id, v.product?.merchant ?? null)
  return out
}

/** The one merchant a cart's items belong to (null for an empty cart). */
export async function merchantOfCart(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "items.variant_id"],
    filters: { id: cartId },
  })
  const variantIds = ((data[0] as any)?.items ?? []).map((i: any) => i.variant_id).filter(Boolean)
  const merchants = [...(await merchantsOfVariants(container, variantIds)).values()].filter(Boolean) as MerchantSummary[]
  const ids = new Set(merchants.map((m) => m.id))
  if (ids.size > 1) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "购物车包含多个商家的商品 (the cart holds items of several shops)")
  }
  return merchants[0] ?? null
}

export const resolveCartMerchantStep = createStep(
  "resolve-cart-merchant",
  async (input: { cart_id: string }, { container }) => {
    return new StepResponse(await merchantOfCart(container, input.cart_id))
  }
)
