import { stripePublishableKey } from "./env"

/** Medusa's Stripe provider for cards (@medusajs/payment-stripe registers it as `stripe` with id `stripe`). */
export const CARD_PROVIDER = "pp_stripe_stripe"

// Real gateways first; the system provider stays last as the development/test fallback.
const ORDER = ["pp_wechatpay_wechatpay", "pp_alipay_alipay", CARD_PROVIDER, "pp_system_default"]

export const isKnownProvider = (id: string) => ORDER.includes(id)

/**
 * The region's providers that this storefront can actually take a payment with, in display order. Card
 * needs Stripe's publishable key as well as the region offering it: a choice that cannot work is left
 * out. Stripe's other methods (iDEAL, BLIK, …) come from the same module but would need flows of their
 * own, so they are left out too.
 */
export function usableProviders(regionProviders: string[]): string[] {
  return regionProviders
    .filter((id) => !id.startsWith("pp_stripe") || (id === CARD_PROVIDER && !!stripePublishableKey()))
    .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99))
}

/** Session data asked of each gateway: a QR code on any screen (Native / 当面付), cards only for Stripe. */
export function sessionData(provider: string): Record<string, unknown> {
  if (provider.startsWith("pp_wechatpay")) return { trade_type: "NATIVE" }
  if (provider.startsWith("pp_alipay")) return { trade_type: "PRECREATE" }
  // Without payment_method_types Stripe turns on every method the account has; the choice says 银行卡.
  if (provider === CARD_PROVIDER) return { payment_method_types: ["card"] }
  return {}
}
