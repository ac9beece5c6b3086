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

const nextConfig: NextConfig = {
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
