import fs from "node:fs"
import path from "node:path"
import type { NextConfig } from "next"
import createNextIntlPlugin from "next-intl/plugin"

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts")

/**
 * This folder, or, when node_modules is a link to another checkout's install (git worktrees sharing one),
 * the closest folder holding both: Turbopack resolves nothing outside its root.
 */
function buildRoot(): string {
  let modules: string
  try {
    modules = fs.realpathSync(path.join(__dirname, "node_modules"))
  } catch {
    return __dirname
  }
  const a = __dirname.split(path.sep)
  const b = path.dirname(modules).split(path.sep)
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return a.slice(0, i).join(path.sep) || path.sep
}

const isDev = process.env.NODE_ENV !== "production"

/**
 * The storefront's security headers live here rather than in nginx, so that they hold wherever the app is
 * served (`next start` alone, behind nginx as in deploy/, under a CDN) and the browser tests, which run
 * against `next start`, exercise the same policy as production. nginx adds only HSTS, as TLS is its part.
 *
 * script-src has 'unsafe-inline' because Next.js streams each page's React data as inline <script> tags
 * (self.__next_f.push) and its bootstrap inline too. The alternative, a per-request nonce set in
 * src/proxy.ts, makes every page dynamic (no static or cached rendering) for little gain here: pages render
 * text through React, which escapes it, and the one raw <script> (a shop's JSON-LD) escapes "<".
 * js.stripe.com / api.stripe.com / hooks.stripe.com: Stripe.js and its card frames on the pay page.
 * img-src allows any http(s) origin: shop pictures come from the backend's /static or an object store,
 * whose address is runtime configuration while these headers are fixed at build; images run no code.
 * All API calls are made by the Next.js server (src/lib/medusa.ts), so the page itself connects only to
 * itself (and to Stripe). In development React needs eval for its debugging aids and the dev server a websocket.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""} https://js.stripe.com https://*.js.stripe.com`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "font-src 'self' data:",
  `connect-src 'self' https://api.stripe.com${isDev ? " ws: wss:" : ""}`,
  "frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ")

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  // For browsers without CSP's frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Order and cart ids sit in our paths: other sites get the origin only.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
]

const nextConfig: NextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }]
  },
  // The backend address and publishable key are read at request time on the server (see src/lib/env.ts),
  // so one build can be pointed at any backend: CI builds once and starts it against a test backend.
  poweredByHeader: false,
  // The floating dev badge overlaps content in screenshots taken against `next dev`.
  devIndicators: false,
  // The root project has its own lockfile; this app is built on its own.
  turbopack: { root: buildRoot() },
  outputFileTracingRoot: buildRoot(),
}

export default withNextIntl(nextConfig)
