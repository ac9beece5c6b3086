import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type MerchantContext = {
  merchant_id: string
  status: string
  stock_location_id: string | null
  sales_channel_id: string | null
  shipping_profile_id: string | null
}

/** What a merchant's catalogue writes need: its location, the platform channel, the shipping profile. */
export const getMerchantContextStep = createStep(
  "get-merchant-context",
  async (input: { merchant_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: merchants } = await query.graph({
      entity: "merchant",
      fields: ["id", "status", "stock_locations.id"],
      filters: { id: input.merchant_id },
    })
    const merchant = merchants[0] as any
    if (!merchant) throw new MedusaError(MedusaError.Types.NOT_FOUND, "商家不存在 (merchant not found)")
    const { data: stores } = await query.graph({ entity: "store", fields: ["default_sales_channel_id"] })
    const { data: profiles } = await query.graph({
      entity: "shipping_profile",
      fields: ["id", "type"],
      filters: { type: "default" },
    })
    const ctx: MerchantContext = {
      merchant_id: merchant.id,
      status: merchant.status,
      stock_location_id: merchant.stock_locations?.[0]?.id ?? null,
      sales_channel_id: (stores[0] as any)?.default_sales_channel_id ?? null,
      shipping_profile_id: (profiles[0] as any)?.id ?? null,
    }
    return new StepResponse(ctx)
  }
)
