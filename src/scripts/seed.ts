import type { ExecArgs } from "@medusajs/framework/types"
import { NEARBY_MODULE } from "../modules/nearby"
import type NearbyModuleService from "../modules/nearby/service"
import { reindexAllMerchants } from "../workflows/nearby/reindex-all"
import { seedMerchantCategories } from "./seed/categories"
import { seedDemoBookings } from "./seed/demo-bookings"
import { seedDemoCoupons } from "./seed/demo-coupons"
import { seedDemoMerchants } from "./seed/demo-merchants"
import { seedPlatform } from "./seed/platform"

/**
 * `npm run seed` / run by `npm run dev`: idempotent demo data for a local platform.
 * SEED_DEMO=false seeds only the platform and categories (benchmarks bring their own shops).
 */
export default async function seed({ container }: ExecArgs) {
  const logger = container.resolve("logger")
  const platform = await seedPlatform(container)
  logger.info(`[seed] platform ready (publishable key ${platform.publishable_key})`)
  await seedMerchantCategories(container)
  if (process.env.SEED_DEMO === "false") return
  await seedDemoMerchants(container)
  const bookable = await seedDemoBookings(container)
  if (bookable) logger.info(`[seed] ${bookable} demo shops made bookable (resources and offerings)`)
  const coupons = await seedDemoCoupons(container)
  if (coupons) logger.info(`[seed] ${coupons} demo coupon batches (满减, 折扣, platform)`)
  // The server fills an empty nearby index by itself within a minute; doing it here means the
  // storefront's "附近" works from the first page load.
  const nearby: NearbyModuleService = container.resolve(NEARBY_MODULE)
  if ((await nearby.countDocs()) === 0) {
    const { indexed } = await reindexAllMerchants(container)
    logger.info(`[seed] nearby index filled with ${indexed} shops`)
  }
}
