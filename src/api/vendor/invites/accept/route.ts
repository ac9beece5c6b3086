import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { acceptMerchantInviteWorkflow } from "../../../../workflows/merchant/merchant-staff"
import type { VendorAcceptInviteType } from "../../validators"

/** A staff member who registered a `merchant` login joins the shop that invited them. */
export const POST = async (req: AuthenticatedMedusaRequest<VendorAcceptInviteType>, res: MedusaResponse) => {
  const authIdentityId = req.auth_context?.auth_identity_id
  if (!authIdentityId) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "请先注册商家账号 (register a merchant login first)")
  }
  const { result } = await acceptMerchantInviteWorkflow(req.scope).run({
    input: { auth_identity_id: authIdentityId, token: req.validatedBody.token },
  })
  res.json({ member: result })
}
