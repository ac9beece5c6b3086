// Only what the product and order side cards show; licence data stays on the merchant detail route.
export const WIDGET_MERCHANT_FIELDS = ["id", "name", "slug", "status", "category", "phone"] as const

export type WidgetMerchant = Record<(typeof WIDGET_MERCHANT_FIELDS)[number], string | null>

export const widgetMerchantGraphFields = () => WIDGET_MERCHANT_FIELDS.map((f) => `merchant.${f}`)

export function pickMerchant(merchant: Record<string, unknown> | null | undefined): WidgetMerchant | null {
  if (!merchant) return null
  return Object.fromEntries(WIDGET_MERCHANT_FIELDS.map((f) => [f, merchant[f] ?? null])) as WidgetMerchant
}
