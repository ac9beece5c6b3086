import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { reviewDimensionsFor } from "../../../modules/merchant/utils"
import { customerOrderLines } from "../eligibility"

/**
 * Only the customer who placed the order may review its line, and only once the order (or the
 * line's appointment) is completed. Someone else's order is answered like a missing one.
 */
export const checkReviewEligibilityStep = createStep(
  "review-check-eligibility",
  async (input: { customer_id: string; order_id: string; line_item_id: string }, { container }) => {
    const lines = await customerOrderLines(container, input.customer_id, [input.order_id])
    const line = lines.find((l) => l.line_item_id === input.line_item_id)
    if (!lines.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `order_id: 没有找到您的订单 ${input.order_id}，只有下单的顾客可以评价 (order not found among your orders; only its buyer may review it)`
      )
    }
    if (!line) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `line_item_id: 订单中没有商品 ${input.line_item_id} (no such line in this order)`
      )
    }
    if (!line.merchant_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "该订单不属于任何商家，无法评价 (the order has no merchant)")
    }
    if (!line.completed_by) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "订单完成后才能评价 (you can review only after the order or appointment is completed)"
      )
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "customer",
      fields: ["id", "first_name", "last_name"],
      filters: { id: input.customer_id },
    })
    const c: any = data[0] ?? {}
    const name = `${c.first_name ?? ""}${c.last_name ?? ""}`.trim() || null
    return new StepResponse({
      merchant_id: line.merchant_id,
      product_id: line.product_id,
      author_name: name,
      dimensions: reviewDimensionsFor(line.merchant_category ?? "").map((d) => ({ ...d })),
    })
  }
)
