/** The public origin of the shop: STOREFRONT_URL when set (behind a proxy), else the request's own host. */
export function siteOrigin(h: Headers): string {
  const configured = process.env["STOREFRONT_URL"]
  if (configured) return configured.replace(/\/+$/, "")
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:8000"
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https")
  return `${proto}://${host}`
}
