import type { MetadataRoute } from "next"
import { headers } from "next/headers"
import { siteOrigin } from "@/lib/site"

export const dynamic = "force-dynamic"

export default async function robots(): Promise<MetadataRoute.Robots> {
  const origin = siteOrigin(await headers())
  return {
    rules: [{ userAgent: "*", allow: "/", disallow: ["/cart", "/checkout", "/account", "/orders", "/en/cart", "/en/checkout", "/en/account", "/en/orders", "/merchant-center", "/en/merchant-center"] }],
    sitemap: `${origin}/sitemap.xml`,
  }
}
