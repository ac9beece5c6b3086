import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"
import { inviteMerchantStaffWorkflow } from "../../../workflows/merchant/merchant-staff"
import { getVendor, requireOwner } from "../helpers"
import type { VendorInviteMemberType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const members = await service.listMerchantMembers(
    { merchant_id: vendor.merchant_id },
    { select: ["id", "email", "name", "phone", "role", "joined_at", "invite_expires_at", "created_at"] }
  )
  res.json({ members: members.map((m) => ({ ...m, pending_invite: !m.joined_at })) })
}

/** The owner invites a staff member; the token is shown once, to be passed on to the invitee. */
export const POST = async (req: AuthenticatedMedusaRequest<VendorInviteMemberType>, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  requireOwner(vendor)
  const { result } = await inviteMerchantStaffWorkflow(req.scope).run({
    input: { merchant_id: vendor.merchant_id, ...req.validatedBody },
  })
  res.status(201).json(result)
}
