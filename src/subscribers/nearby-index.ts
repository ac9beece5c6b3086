import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { NEARBY_MODULE } from "../modules/nearby"
import type NearbyModuleService from "../modules/nearby/service"
import { indexMerchantsWorkflow } from "../workflows/nearby/index-merchants"

/** Keeps the nearby index current as shops change status or profile and products change. */
export default async function nearbyIndexSubscriber({ event, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const ids = Array.isArray(event.data) ? event.data.map((d: any) => d.id) : [event.data?.id]
  let merchantIds: string[] = []
  try {
    if (event.name.startsWith("merchant.")) {
      merchantIds = ids.filter(Boolean)
    } else if (event.name === "product.deleted") {
      // The product is gone from the database, so the index says which shops listed it.
      const nearby: NearbyModuleService = container.resolve(NEARBY_MODULE)
      for (const id of ids) merchantIds.push(...(await nearby.merchantIdsWithProduct(id)))
    } else {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "product", fields: ["id", "merchant.id"], filters: { id: ids } })
      merchantIds = (data as any[]).map((p) => p.merchant?.id).filter(Boolean)
    }
    if (!merchantIds.length) return
    await indexMerchantsWorkflow(container).run({ input: { merchant_ids: [...new Set(merchantIds)] } })
  } catch (e: any) {
    // The periodic refresh job rebuilds the index (and removes what it no longer should hold), so a
    // failed update is logged, not retried here.
    logger.error(`[nearby] indexing ${merchantIds.join(",") || ids.join(",")} after ${event.name} failed: ${e.message}`)
  }
}

export const config: SubscriberConfig = {
  event: [
    "merchant.created",
    "merchant.updated",
    "merchant.approved",
    "merchant.rejected",
    "merchant.suspended",
    "merchant.pending",
    "merchant.rating_updated",
    "product.created",
    "product.updated",
    "product.deleted",
  ],
  context: { subscriberId: "nearby-index" },
}
