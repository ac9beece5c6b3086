import type { ExecArgs } from "@medusajs/framework/types"
import { NEARBY_MODULE } from "../modules/nearby"
import type NearbyModuleService from "../modules/nearby/service"
import { reindexAllMerchants } from "../workflows/nearby/reindex-all"

/** `npm run reindex`: rebuilds the nearby search index from the database, with a progress bar. */
export default async function reindex({ container, args }: ExecArgs) {
  const nearby: NearbyModuleService = container.resolve(NEARBY_MODULE)
  const started = Date.now()
  const tty = process.stdout.isTTY
  const { indexed, removed, total } = await reindexAllMerchants(container, (done, all) => {
    const width = 30
    const filled = all ? Math.round((done / all) * width) : width
    const line = `[nearby:${nearby.providerIdentifier}] [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${all}`
    if (tty) process.stdout.write(`\r${line}`)
    else console.log(line)
  })
  if (tty) process.stdout.write("\n")
  // `npm run reindex -- cluster`: the Medusa CLI rejects unknown --options, so the word comes bare.
  if ((args ?? []).some((a) => a === "cluster" || a === "--cluster")) {
    const t = Date.now()
    await nearby.optimizeIndex()
    console.log(`[nearby] index table reordered by location in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  }
  console.log(
    `[nearby] ${indexed} approved shops indexed of ${total} shops, ${removed} stale documents removed, in ${((Date.now() - started) / 1000).toFixed(1)} s`
  )
}
