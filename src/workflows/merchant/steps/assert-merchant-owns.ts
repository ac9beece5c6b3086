import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

type Owned = "product" | "order"

/**
 * Tenant isolation for writes: another merchant's id is answered exactly like a missing one (404),
 * so a merchant cannot even learn that the record exists.
 */
export const assertMerchantOwnsStep = createStep(
  "assert-merchant-owns",
  async (input: { merchant_id: string; entity: Owned; ids: string[] }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: input.entity,
      fields: ["id", "merchant.id"],
      filters: { id: input.ids },
    })
    const owned = new Set(data.filter((r: any) => r.merchant?.id === input.merchant_id).map((r: any) => r.id))
    const missing = input.ids.filter((id) => !owned.has(id))
    if (missing.length) {
      const label = input.entity === "product" ? "商品" : "订单"
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `${label} ${missing.join(", ")} 不存在 (${input.entity} not found)`)
    }
    return new StepResponse(true)
  }
)
