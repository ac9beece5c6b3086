import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import type { AdminListMerchantsType } from "./validators"

/** Operators' list of shops with a status filter (待审核 / 已通过 / 已驳回 / 已暂停) and name search. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { status, category, q, limit, offset } = req.validatedQuery as unknown as AdminListMerchantsType
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const filters: Record<string, unknown> = {}
  if (status) filters.status = status
  if (category) filters.category = category
  if (q) filters.name = { $ilike: `%${q.replace(/[%_]/g, "\\$&")}%` }
  const [merchants, count] = await service.listAndCountMerchants(filters as any, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC" },
  })
  const counts: Record<string, number> = {}
  for (const s of ["pending", "approved", "rejected", "suspended"]) {
    counts[s] = (await service.listAndCountMerchants({ status: s } as any, { take: 1 }))[1]
  }
  res.json({ merchants, count, limit, offset, status_counts: counts })
}
