import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import { PUBLIC_MERCHANT_FIELDS } from "./helpers"
import type { StoreListMerchantsType } from "./validators"

/** Approved shops only, by category and city, newest approvals first. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const { category, city, limit, offset } = req.validatedQuery as unknown as StoreListMerchantsType
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const { data, metadata } = await query.graph({
    entity: "merchant",
    fields: PUBLIC_MERCHANT_FIELDS,
    filters: { status: "approved", ...(category ? { category } : {}), ...(city ? { city } : {}) },
    pagination: { skip: offset, take: limit, order: { approved_at: "DESC" } },
  })
  const now = new Date()
  res.json({
    merchants: (data as any[]).map((m) => ({ ...m, ...service.openingState(m, now) })),
    count: metadata?.count ?? data.length,
    limit,
    offset,
  })
}
