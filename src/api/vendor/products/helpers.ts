import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import MerchantProductLink from "../../../links/merchant-product"

export const VENDOR_PRODUCT_FIELDS = [
  "id",
  "title",
  "subtitle",
  "description",
  "handle",
  "thumbnail",
  "status",
  "metadata",
  "created_at",
  "updated_at",
  "images.url",
  "variants.id",
  "variants.title",
  "variants.sku",
  "variants.manage_inventory",
  "variants.prices.amount",
  "variants.prices.currency_code",
  "variants.inventory_items.inventory.location_levels.location_id",
  "variants.inventory_items.inventory.location_levels.stocked_quantity",
  "variants.inventory_items.inventory.location_levels.reserved_quantity",
]

/** Product ids of one merchant, read from the link table so other shops' rows never enter the query. */
export async function merchantProductIds(container: MedusaContainer, merchantId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: MerchantProductLink.entryPoint,
    fields: ["product_id"],
    filters: { merchant_id: merchantId },
  })
  return (data as any[]).map((r) => r.product_id as string)
}

/** One of the merchant's products, or 404 whether it is missing or another shop's. */
export async function getMerchantProduct(container: MedusaContainer, merchantId: string, productId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: [...VENDOR_PRODUCT_FIELDS, "merchant.id"],
    filters: { id: productId },
  })
  const product = data[0] as any
  if (!product || product.merchant?.id !== merchantId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `商品 ${productId} 不存在 (product not found)`)
  }
  delete product.merchant
  return product
}
