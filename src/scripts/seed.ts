import type { ExecArgs } from "@medusajs/framework/types"
import { seedPlatform } from "./seed/platform"

/** `npm run seed` / run by `npm run dev`: idempotent demo data for a local platform. */
export default async function seed({ container }: ExecArgs) {
  const platform = await seedPlatform(container)
  container.resolve("logger").info(`[seed] platform ready (publishable key ${platform.publishable_key})`)
}
