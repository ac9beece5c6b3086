import type { MedusaContainer } from "@medusajs/framework/types"
import { NEARBY_MODULE } from "../../modules/nearby"
import type NearbyModuleService from "../../modules/nearby/service"
import { buildMerchantDocs } from "./build-docs"

const PAGE = 500

/**
 * Rebuilds the whole nearby index page by page; `onProgress` gets (done, total) shops read.
 * Afterwards every document the pass did not write is looked up again: its shop may have been
 * deleted, or changed behind the subscribers' back (a direct database edit, a lost event). Shops that
 * are approved by now (approved while the pass ran) are written, the rest removed.
 */
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
    const page = await buildMerchantDocs(container, { skip, take: PAGE }, started)
    total = page.count
    await nearby.upsertMerchantDocs(page.docs)
    await nearby.deleteMerchantDocs(page.remove)
    page.docs.forEach((d) => kept.add(d.id))
    skip += PAGE
    onProgress(Math.min(skip, total), total)
    if (skip >= total) break
  }
  const unseen = (await nearby.allDocIds()).filter((id) => !kept.has(id))
  let removed = 0
  for (let i = 0; i < unseen.length; i += PAGE) {
    const { docs, remove } = await buildMerchantDocs(container, { ids: unseen.slice(i, i + PAGE) }, started)
    await nearby.upsertMerchantDocs(docs)
    await nearby.deleteMerchantDocs(remove)
    docs.forEach((d) => kept.add(d.id))
    removed += remove.length
  }
  await nearby.recordState({ full: true, count: kept.size })
  return { indexed: kept.size, removed, total }
}
