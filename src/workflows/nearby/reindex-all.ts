import type { MedusaContainer } from "@medusajs/framework/types"
import { NEARBY_MODULE } from "../../modules/nearby"
import type NearbyModuleService from "../../modules/nearby/service"
import { buildMerchantDocs } from "./build-docs"

/** Rebuilds the whole nearby index page by page; `onProgress` gets (done, total). */
export async function reindexAllMerchants(
  container: MedusaContainer,
  onProgress: (done: number, total: number) => void = () => {}
) {
  const nearby: NearbyModuleService = container.resolve(NEARBY_MODULE)
  await nearby.ensureIndex()
  const started = new Date()
  const kept = new Set<string>()
  let skip = 0
  let total = 0
  for (;;) {
    const page = await buildMerchantDocs(container, { skip, take: 500 }, started)
    total = page.count
    await nearby.upsertMerchantDocs(page.docs)
    await nearby.deleteMerchantDocs(page.remove)
    page.docs.forEach((d) => kept.add(d.id))
    skip += 500
    onProgress(Math.min(skip, total), total)
    if (skip >= total) break
  }
  await nearby.recordState({ full: true, count: kept.size })
  return { indexed: kept.size, total }
}
