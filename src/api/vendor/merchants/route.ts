import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import { createMerchantWorkflow } from "../../../workflows/merchant/create-merchant"
import type { VendorCreateMerchantType } from "../validators"

/** 商家入驻: a registered `merchant` login applies for a shop; it starts in `pending`. */
export const POST = async (req: AuthenticatedMedusaRequest<VendorCreateMerchantType>, res: MedusaResponse) => {
  const authIdentityId = req.auth_context?.auth_identity_id
  if (!authIdentityId) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "请先注册商家账号 (register a merchant login first)")
  }
  if (req.auth_context.actor_id) {
    throw new MedusaError(MedusaError.Types.CONFLICT, "该账号已属于一个商家 (this login already belongs to a merchant)")
  }
  const auth = req.scope.resolve(Modules.AUTH)
  const identity = await auth.retrieveAuthIdentity(authIdentityId, { relations: ["provider_identities"] })
  const email = identity.provider_identities?.find((p) => p.provider === "emailpass")?.entity_id ?? req.validatedBody.email
  if (!email) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "email: 需要联系邮箱 (an e-mail is required)")
  }
  const { owner, email: _ignored, ...merchant } = req.validatedBody
  ;(req.scope.resolve(MERCHANT_MODULE) as MerchantModuleService).assertOwnLicenceFile(merchant.licence_image, [
    `applicant-${authIdentityId}`,
  ])
  const { result } = await createMerchantWorkflow(req.scope).run({
    input: { auth_identity_id: authIdentityId, email, merchant, owner },
  })
  res.status(201).json({ merchant: result.merchant, member: result.owner })
}
