import type { MedusaContainer } from "@medusajs/framework/types"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type MerchantModuleService from "../../modules/merchant/service"
import { DEFAULT_CATEGORIES } from "../../modules/merchant/utils"

/** The default shop categories; operators add more in the admin. Existing slugs are left alone. */
export async function seedMerchantCategories(container: MedusaContainer) {
  const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
  const existing = new Set((await service.listMerchantCategories({}, { withDeleted: true })).map((c) => c.slug))
  const missing = DEFAULT_CATEGORIES.filter((c) => !existing.has(c.slug))
  if (missing.length) {
    await service.createMerchantCategories(
      missing.map((c) => ({ slug: c.slug, name_zh: c.name_zh, name_en: c.name_en, rank: c.rank, is_active: true }))
    )
  }
  return service.listMerchantCategories({ is_active: true }, { order: { rank: "ASC" } })
}
