import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../modules/merchant"
import type MerchantModuleService from "../../../../modules/merchant/service"
import { PUBLIC_MERCHANT_FIELDS } from "../helpers"

/** A shop's page: profile, hours with open_now, and its published products with CNY prices. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const key = req.params.id
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const { data } = await query.graph({
    entity: "merchant",
    fields: [
      ...PUBLIC_MERCHANT_FIELDS,
      "products.id",
      "products.title",
      "products.subtitle",
      "products.description",
      "products.thumbnail",
      "products.status",
      "products.metadata",
      "products.variants.id",
      "products.variants.title",
      "products.variants.prices.amount",
      "products.variants.prices.currency_code",
    ],
    filters: { status: "approved", ...(key.startsWith("mer_") ? { id: key } : { slug: key }) },
  })
  const merchant = data[0] as any
  if (!merchant) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${key} 不存在或未营业 (merchant not found)`)
  }
  merchant.products = (merchant.products ?? [])
    .filter((p: any) => p && p.status === "published")
    .map((p: any) => ({
      ...p,
      kind: p.metadata?.kind ?? "service",
      variants: (p.variants ?? []).map((v: any) => ({
        id: v.id,
        title: v.title,
        price: v.prices?.find((x: any) => x.currency_code === "cny")?.amount ?? null,
        currency_code: "cny",
      })),
    }))
  res.json({ merchant: { ...merchant, ...service.openingState(merchant) } })
}
