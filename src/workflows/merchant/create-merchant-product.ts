import crypto from "node:crypto"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRemoteLinkStep,
  releaseLockStep,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { MERCHANT_MODULE } from "../../modules/merchant"
import { getMerchantContextStep } from "./steps/get-merchant-context"
import { catalogueLockKey } from "./steps/merchant-catalogue-visibility"
import { slugify } from "../../modules/merchant/utils"

export type MerchantProductVariantInput = {
  title: string
  /** Price in yuan, tax included, e.g. 128 or 19.9. */
  price: number
  /** Units in stock at the shop; null/undefined for services, which are not stocked. */
  stock?: number | null
  sku?: string | null
}

export type MerchantProductInput = {
  title: string
  subtitle?: string | null
  description?: string | null
  thumbnail?: string | null
  images?: string[]
  /** service: booked or consumed at the shop, never shipped; goods: stocked, picked up or delivered. */
  kind: "service" | "goods"
  status?: "draft" | "published"
  variants: MerchantProductVariantInput[]
  metadata?: Record<string, unknown>
}

/**
 * Creates a product through Medusa's own product and inventory workflows, in CNY, linked to the
 * merchant, with stock at the merchant's own location. It joins the storefront's sales channel only
 * if the shop is approved (approval adds the rest later); the shop's status is read under the same
 * lock that status changes take, so a concurrent approval or suspension cannot be missed.
 */
export const createMerchantProductWorkflow = createWorkflow(
  "create-merchant-product",
  (input: { merchant_id: string; product: MerchantProductInput }) => {
    const lockKey = transform({ input }, ({ input }) => catalogueLockKey(input.merchant_id))
    acquireLockStep({ key: lockKey, timeout: 15, ttl: 60 })
    const ctx = getMerchantContextStep({ merchant_id: input.merchant_id })

    const productsInput = transform({ input, ctx }, ({ input, ctx }) => {
      const p = input.product
      if (!ctx.sales_channel_id) {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "platform sales channel missing: run the seed")
      }
      const goods = p.kind === "goods"
      const optionTitle = "规格"
      return {
        products: [
          {
            title: p.title,
            // Handles are unique across the platform; many shops sell a "洗剪吹", so each gets its own.
            handle: slugify(p.title, crypto.randomBytes(3).toString("hex")),
            subtitle: p.subtitle ?? undefined,
            description: p.description ?? undefined,
            thumbnail: p.thumbnail ?? undefined,
            images: (p.images ?? []).map((url) => ({ url })),
            status: p.status ?? "published",
            // Services are consumed at the shop: no shipping profile means no shipping method is required.
            shipping_profile_id: goods ? ctx.shipping_profile_id ?? undefined : undefined,
            sales_channels: ctx.status === "approved" ? [{ id: ctx.sales_channel_id }] : [],
            options: [{ title: optionTitle, values: p.variants.map((v) => v.title) }],
            variants: p.variants.map((v) => ({
              title: v.title,
              sku: v.sku ?? undefined,
              options: { [optionTitle]: v.title },
              manage_inventory: goods,
              prices: [{ currency_code: "cny", amount: v.price }],
            })),
            metadata: { ...(p.metadata ?? {}), merchant_id: input.merchant_id, kind: p.kind },
          },
        ],
      }
    })
    const products = createProductsWorkflow.runAsStep({ input: productsInput as any })

    createRemoteLinkStep(
      transform({ products, input }, ({ products, input }) => [
        {
          [MERCHANT_MODULE]: { merchant_id: input.merchant_id },
          [Modules.PRODUCT]: { product_id: products[0].id },
        },
      ])
    )

    const { data: variants } = useQueryGraphStep({
      entity: "product_variant",
      fields: ["id", "title", "inventory_items.inventory_item_id"],
      filters: transform({ products }, ({ products }) => ({ product_id: products[0].id })),
    }).config({ name: "get-created-variants" })

    const levels = transform({ variants, input, ctx }, ({ variants, input, ctx }) => {
      if (input.product.kind !== "goods" || !ctx.stock_location_id) return []
      return (variants as any[]).flatMap((v) => {
        const wanted = input.product.variants.find((x) => x.title === v.title)
        const itemId = v.inventory_items?.[0]?.inventory_item_id
        if (!itemId) return []
        return [
          {
            inventory_item_id: itemId,
            location_id: ctx.stock_location_id!,
            stocked_quantity: Math.max(0, Math.floor(wanted?.stock ?? 0)),
          },
        ]
      })
    })
    when({ levels }, ({ levels }) => levels.length > 0).then(() => {
      createInventoryLevelsWorkflow.runAsStep({ input: { inventory_levels: levels } })
    })

    releaseLockStep({ key: lockKey })
    return new WorkflowResponse(transform({ products }, ({ products }) => products[0]))
  }
)
