import type { NextConfig } from "next"
import createNextIntlPlugin from "next-intl/plugin"

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts")

const nextConfig: NextConfig = {
  // The backend address and publishable key are read at request time on the server (see src/lib/env.ts),
  // so one build can be pointed at any backend: CI builds once and starts it against a test backend.
  poweredByHeader: false,
  // The floating dev badge overlaps content in screenshots taken against `next dev`.
  devIndicators: false,
  // The root project has its own lockfile; this app is built on its own.
  turbopack: { root: __dirname },
  outputFileTracingRoot: __dirname,
}

export default withNextIntl(nextConfig)
