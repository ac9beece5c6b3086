import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * Whether a payment provider is registered and enabled here. Asking the payment module itself is the
 * only reliable test: when a provider is missing, Medusa throws a plain Error (after logging it) from
 * deep inside the call, indistinguishable from a provider that failed for another reason. Providers
 * removed from the configuration stay in the table with is_enabled = false.
 */
export async function isPaymentProviderEnabled(scope: MedusaContainer, providerId: string): Promise<boolean> {
  const found = await scope.resolve(Modules.PAYMENT).listPaymentProviders({ id: providerId, is_enabled: true })
  return found.length > 0
}
