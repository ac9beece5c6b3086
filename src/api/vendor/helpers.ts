import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type MerchantModuleService from "../../modules/merchant/service"

export type VendorContext = {
  member_id: string
  merchant_id: string
  role: "owner" | "staff"
  email: string
}

/**
 * The signed-in merchant member and its shop. Every /vendor handler scopes its reads and writes by
 * `merchant_id` from here, never from the request, which is what keeps one shop out of another's data.
 */
export async function getVendor(req: AuthenticatedMedusaRequest): Promise<VendorContext> {
  const cached = (req as any).__vendor as VendorContext | undefined
  if (cached) return cached
  const memberId = req.auth_context?.actor_id
  if (!memberId) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "请先以商家身份登录 (sign in as a merchant)")
  }
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [member] = await service.listMerchantMembers({ id: memberId }, { relations: ["merchant"] })
  if (!member || !member.merchant) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "商家账号不存在或已被移除 (merchant member not found)")
  }
  const ctx: VendorContext = {
    member_id: member.id,
    merchant_id: member.merchant.id,
    role: member.role as "owner" | "staff",
    email: member.email,
  }
  ;(req as any).__vendor = ctx
  return ctx
}

export function requireOwner(vendor: VendorContext) {
  if (vendor.role !== "owner") {
    throw new MedusaError(MedusaError.Types.FORBIDDEN, "只有店主可以执行此操作 (only the shop owner can do this)")
  }
}
