import createMiddleware from "next-intl/middleware"
import { routing } from "./i18n/routing"

export default createMiddleware(routing)

export const config = {
  // Everything but Next's own files, files with an extension (icon.svg, robots.txt, sitemap.xml) and /api.
  matcher: "/((?!api|_next|_vercel|.*\\..*).*)",
}
