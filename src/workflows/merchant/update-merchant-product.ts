import { MedusaError } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  updateInventoryLevelsWorkflow,
  updateProductsWorkflow,
  updateProductVariantsWorkflow,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { assertMerchantOwnsStep } from "./steps/assert-merchant-owns"
import { getMerchantContextStep } from "./steps/get-merchant-context"

export type UpdateMerchantProductInput = {
  merchant_id: string
  product_id: string
  update: {
    title?: string
    subtitle?: string | null
    description?: string | null
    thumbnail?: string | null
    status?: "draft" | "published"
    /** Keys to set (e.g. the voucher rules); merged into the product's metadata, never replacing it. */
    metadata?: Record<string, unknown>
  }
  variants?: { id: string; title?: string; price?: number; stock?: number }[]
}

export const updateMerchantProductWorkflow = createWorkflow(
  "update-merchant-product",
  (input: UpdateMerchantProductInput) => {
    assertMerchantOwnsStep(
      transform({ input }, ({ input }) => ({
        merchant_id: input.merchant_id,
        entity: "product" as const,
        ids: [input.product_id],
      }))
    )
    const ctx = getMerchantContextStep({ merchant_id: input.merchant_id })

    // Medusa replaces a product's metadata wholesale; the shop's keys are merged into what is there
    // (merchant_id and kind among it).
    const { data: current } = useQueryGraphStep({
      entity: "product",
      fields: ["id", "metadata"],
      filters: transform({ input }, ({ input }) => ({ id: input.product_id })),
    }).config({ name: "get-product-metadata" })

    when({ input }, ({ input }) => Object.keys(input.update ?? {}).length > 0).then(() => {
      updateProductsWorkflow.runAsStep({
        input: transform({ input, current }, ({ input, current }) => ({
          selector: { id: input.product_id },
          update: (input.update.metadata
            ? { ...input.update, metadata: { ...((current as any[])[0]?.metadata ?? {}), ...input.update.metadata } }
            : input.update) as any,
        })),
      })
    })

    const { data: variants } = useQueryGraphStep({
      entity: "product_variant",
      fields: ["id", "product_id", "inventory_items.inventory_item_id"],
      filters: transform({ input }, ({ input }) => ({ product_id: input.product_id })),
    }).config({ name: "get-product-variants" })

    const variantUpdates = transform({ input, variants }, ({ input, variants }) => {
      const own = new Set((variants as any[]).map((v) => v.id))
      for (const v of input.variants ?? []) {
        if (!own.has(v.id)) {
          throw new MedusaError(MedusaError.Types.NOT_FOUND, `规格 ${v.id} 不存在 (variant not found)`)
        }
      }
      return (input.variants ?? [])
        .filter((v) => v.title !== undefined || v.price !== undefined)
        .map((v) => ({
          id: v.id,
          ...(v.title !== undefined ? { title: v.title } : {}),
          ...(v.price !== undefined ? { prices: [{ currency_code: "cny", amount: v.price }] } : {}),
        }))
    })
    when({ variantUpdates }, ({ variantUpdates }) => variantUpdates.length > 0).then(() => {
      updateProductVariantsWorkflow.runAsStep({ input: { product_variants: variantUpdates as any } })
    })

    const stockUpdates = transform({ input, variants, ctx }, ({ input, variants, ctx }) =>
      (input.variants ?? [])
        .filter((v) => v.stock !== undefined && ctx.stock_location_id)
        .flatMap((v) => {
          const item = (variants as any[]).find((x) => x.id === v.id)?.inventory_items?.[0]?.inventory_item_id
          return item
            ? [{ inventory_item_id: item, location_id: ctx.stock_location_id!, stocked_quantity: Math.max(0, Math.floor(v.stock!)) }]
            : []
        })
    )
    when({ stockUpdates }, ({ stockUpdates }) => stockUpdates.length > 0).then(() => {
      updateInventoryLevelsWorkflow.runAsStep({ input: { updates: stockUpdates } })
    })

    return new WorkflowResponse(transform({ input }, ({ input }) => ({ id: input.product_id })))
  }
)
