import type { MetadataRoute } from "next"
import { headers } from "next/headers"
import { api } from "@/lib/medusa"
import { siteOrigin } from "@/lib/site"

export const dynamic = "force-dynamic"

/** Home, search by category, and every approved shop, each in Chinese with its English alternate. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const origin = siteOrigin(await headers())
  const both = (path: string) => ({
    url: `${origin}${path}`,
    alternates: { languages: { "zh-CN": `${origin}${path}`, en: `${origin}/en${path === "/" ? "" : path}` } },
  })
  const entries: MetadataRoute.Sitemap = [{ ...both("/"), changeFrequency: "daily", priority: 1 }]
  try {
    const { categories } = await api<{ categories: { slug: string }[] }>("/store/merchant-categories")
    for (const c of categories) entries.push({ ...both(`/search?category=${c.slug}`), changeFrequency: "daily", priority: 0.6 })
    for (let offset = 0; offset < 50000; offset += 100) {
      const page = await api<{ merchants: any[]; count: number }>("/store/merchants", { query: { limit: 100, offset } })
      for (const m of page.merchants) entries.push({ ...both(`/merchants/${m.slug}`), changeFrequency: "weekly", priority: 0.8 })
      if (offset + 100 >= page.count) break
    }
  } catch {
    // Without the backend the sitemap still lists the home page rather than failing the crawl.
  }
  return entries
}
