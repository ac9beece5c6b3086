import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MerchantDoc } from "../../modules/nearby/lib/types"
import { openWindows } from "../../modules/nearby/lib/open-windows"
import { getCategory } from "../../modules/merchant/utils"
import { REVIEW_MODULE } from "../../modules/review"
import type ReviewModuleService from "../../modules/review/service"

const FIELDS = [
  "id",
  "slug",
  "name",
  "category",
  "status",
  "city",
  "district",
  "lat",
  "lng",
  "timezone",
  "business_hours",
  "rating_avg",
  "rating_count",
  "monthly_sales",
  "logo",
  "products.id",
  "products.title",
  "products.status",
  "products.thumbnail",
  "products.tags.value",
  "products.variants.prices.amount",
  "products.variants.prices.currency_code",
]

/**
 * Reads shops with their published products and turns the approved ones into index documents.
 * Shops that are missing or not approved come back in `remove`, so one call keeps the index exact.
 */
export async function buildMerchantDocs(
  container: MedusaContainer,
  filter: { ids?: string[]; skip?: number; take?: number },
  at = new Date()
): Promise<{ docs: MerchantDoc[]; remove: string[]; count: number }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "merchant",
    fields: FIELDS,
    filters: filter.ids ? { id: filter.ids } : {},
    pagination: filter.ids ? undefined : { skip: filter.skip ?? 0, take: filter.take ?? 500, order: { id: "ASC" } },
  })
  const docs: MerchantDoc[] = []
  const remove = new Set(filter.ids ?? [])
  const published = (m: any) => (m.products ?? []).filter((p: any) => p && p.status === "published")
  // Product ratings are stored by the review workflows' recount; one lookup for the whole page.
  const reviews: ReviewModuleService = container.resolve(REVIEW_MODULE)
  const ratings = await reviews.productRatings(
    (data as any[]).filter((m) => m.status === "approved").flatMap((m) => published(m).map((p: any) => p.id as string))
  )
  for (const m of data as any[]) {
    if (m.status !== "approved") {
      remove.add(m.id)
      continue
    }
    remove.delete(m.id)
    const products = published(m)
    docs.push({
      id: m.id,
      slug: m.slug,
      name: m.name,
      category: m.category,
      category_name: getCategory(m.category)?.name_zh ?? m.category,
      city: m.city,
      district: m.district ?? null,
      lat: Number(m.lat),
      lng: Number(m.lng),
      rating_avg: Number(m.rating_avg ?? 0),
      rating_count: m.rating_count ?? 0,
      monthly_sales: m.monthly_sales ?? 0,
      logo: m.logo ?? null,
      tags: products.flatMap((p: any) => (p.tags ?? []).map((t: any) => t.value)).filter(Boolean),
      products: products.map((p: any) => ({
        id: p.id,
        title: p.title,
        thumbnail: p.thumbnail ?? null,
        price:
          (p.variants ?? [])
            .flatMap((v: any) => v.prices ?? [])
            .filter((x: any) => x.currency_code === "cny")
            .map((x: any) => Number(x.amount))
            .sort((a: number, b: number) => a - b)[0] ?? null,
        rating: ratings.get(p.id)?.rating_avg ?? 0,
        rating_count: ratings.get(p.id)?.rating_count ?? 0,
      })),
      open_intervals: openWindows(m.business_hours, m.timezone, at),
    })
  }
  return { docs, remove: [...remove], count: metadata?.count ?? data.length }
}
