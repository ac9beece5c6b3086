import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/** Catalogue writes and status changes of one shop take this lock, so a product created while the
 * shop is being approved or suspended ends up on the right side of the storefront. */
export const catalogueLockKey = (merchantId: string) => `merchant-catalogue:${merchantId}`

/**
 * Consumers see a product only through the storefront's sales channel (the store's default one, which
 * the publishable key names), so a shop's products belong to it exactly while the shop is approved.
 * Read-only: returns which of the shop's products to add to or remove from the channel, leaving alone
 * those already where they should be, so the channel workflow's compensation undoes only this change.
 */
export const planMerchantCatalogueStep = createStep(
  "plan-merchant-catalogue",
  async (input: { merchant_id: string; visible: boolean }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: stores } = await query.graph({ entity: "store", fields: ["default_sales_channel_id"] })
    const channel = (stores[0] as any)?.default_sales_channel_id as string | undefined
    const { data } = await query.graph({
      entity: "merchant",
      fields: ["id", "products.id", "products.sales_channels.id"],
      filters: { id: input.merchant_id },
    })
    const products = (((data[0] as any)?.products ?? []) as any[]).filter(Boolean)
    const listed = (p: any) => (p.sales_channels ?? []).some((c: any) => c?.id === channel)
    const plan = {
      id: channel ?? "",
      add: channel && input.visible ? products.filter((p) => !listed(p)).map((p) => p.id as string) : [],
      remove: channel && !input.visible ? products.filter(listed).map((p) => p.id as string) : [],
    }
    return new StepResponse(plan)
  }
)
