// Read with a computed name on purpose: Next.js inlines `process.env.NEXT_PUBLIC_*` at build time, and a
// storefront build must be startable against any backend (CI builds once, then points it at a test server).
const read = (name: string): string | undefined => {
  const v = process.env[name]
  return v && v.trim() ? v.trim() : undefined
}

export function backendUrl(): string {
  return (read("MEDUSA_BACKEND_URL") ?? read("NEXT_PUBLIC_" + "MEDUSA_BACKEND_URL") ?? "http://localhost:9000").replace(/\/+$/, "")
}

export function publishableKey(): string {
  return read("NEXT_PUBLIC_" + "MEDUSA_PUBLISHABLE_KEY") ?? read("MEDUSA_PUBLISHABLE_KEY") ?? ""
}

/** Stripe's publishable key (pk_…); without it the storefront offers no card payment. */
export function stripePublishableKey(): string | undefined {
  return read("NEXT_PUBLIC_" + "STRIPE_PUBLISHABLE_KEY")
}
