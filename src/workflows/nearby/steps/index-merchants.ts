import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEARBY_MODULE } from "../../../modules/nearby"
import type NearbyModuleService from "../../../modules/nearby/service"
import { buildMerchantDocs } from "../build-docs"

/**
 * Brings the index in line with the database for the given shops. The index is derived data:
 * re-running this step is the recovery, so it has no compensation of its own.
 */
export const indexMerchantsStep = createStep(
  "index-merchants",
  async (input: { merchant_ids: string[] }, { container }) => {
    if (!input.merchant_ids.length) return new StepResponse({ indexed: 0, removed: 0 })
    const nearby: NearbyModuleService = container.resolve(NEARBY_MODULE)
    const { docs, remove } = await buildMerchantDocs(container, { ids: input.merchant_ids })
    await nearby.upsertMerchantDocs(docs)
    await nearby.deleteMerchantDocs(remove)
    return new StepResponse({ indexed: docs.length, removed: remove.length })
  }
)
