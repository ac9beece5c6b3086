import Medusa, { FetchError } from "@medusajs/js-sdk"
import { backendUrl, publishableKey } from "./env"

let cached: { key: string; sdk: Medusa } | null = null

/**
 * One SDK per backend/key. Every call is made by the Next.js server (pages and server actions), so the
 * browser never needs CORS access to the backend and the customer's token stays in an httpOnly cookie.
 */
export function sdk(): Medusa {
  const baseUrl = backendUrl()
  const key = `${baseUrl}|${publishableKey()}`
  if (!cached || cached.key !== key) {
    cached = {
      key,
      sdk: new Medusa({
        baseUrl,
        publishableKey: publishableKey(),
        auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
      }),
    }
  }
  return cached.sdk
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>

/** GET/POST/DELETE against the store API with the customer's token when given. */
export async function api<T = any>(
  path: string,
  opts: { method?: "GET" | "POST" | "DELETE"; query?: Query; body?: unknown; token?: string | null } = {}
): Promise<T> {
  const query: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== null && v !== "") query[k] = v
  return sdk().client.fetch<T>(path, {
    method: opts.method ?? "GET",
    query,
    body: opts.body as any,
    headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    cache: "no-store",
  } as any)
}

export function isNotFound(e: unknown) {
  return e instanceof FetchError && e.status === 404
}

/** The backend's own message (already "中文 (English)"), or a generic one. */
export function errorMessage(e: unknown): string {
  if (e instanceof FetchError) return e.message || e.statusText || `HTTP ${e.status}`
  if (e instanceof Error) return e.message
  return String(e)
}

export function errorStatus(e: unknown): number | undefined {
  return e instanceof FetchError ? e.status : undefined
}
