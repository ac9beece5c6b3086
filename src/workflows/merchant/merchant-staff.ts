import crypto from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type MerchantModuleService from "../../modules/merchant/service"
import { createMerchantMemberStep } from "./steps/create-merchant-member"
import { setAuthIdentityActorStep } from "./steps/set-auth-identity-actor"

const INVITE_DAYS = 7

const makeInviteTokenStep = createStep("make-merchant-invite-token", async (_: void, { container }) => {
  const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
  const token = crypto.randomBytes(24).toString("base64url")
  return new StepResponse({
    token,
    hash: service.hashInviteToken(token),
    expires_at: new Date(Date.now() + INVITE_DAYS * 24 * 3600 * 1000),
  })
})

/** The owner invites a staff member by e-mail; the member joins when they accept with the token. */
export const inviteMerchantStaffWorkflow = createWorkflow(
  "invite-merchant-staff",
  (input: { merchant_id: string; email: string; name?: string | null; phone?: string | null }) => {
    const invite = makeInviteTokenStep()
    const member = createMerchantMemberStep(
      transform({ input, invite }, ({ input, invite }) => ({
        merchant_id: input.merchant_id,
        email: input.email,
        name: input.name ?? null,
        phone: input.phone ?? null,
        role: "staff" as const,
        invite_token_hash: invite.hash,
        invite_expires_at: invite.expires_at,
      }))
    )
    return new WorkflowResponse(
      transform({ member, invite }, ({ member, invite }) => ({
        member: { id: member.id, email: member.email, role: member.role },
        invite_token: invite.token,
        invite_expires_at: invite.expires_at,
      }))
    )
  }
)

const redeemInviteStep = createStep(
  "redeem-merchant-invite",
  async (input: { token: string }, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const [member] = await service.listMerchantMembers({ invite_token_hash: service.hashInviteToken(input.token) })
    if (!member || !member.invite_expires_at || new Date(member.invite_expires_at) < new Date()) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "邀请无效或已过期 (the invitation is invalid or has expired)")
    }
    const before = { invite_token_hash: member.invite_token_hash, invite_expires_at: member.invite_expires_at, joined_at: null }
    const updated = await service.updateMerchantMembers({
      id: member.id,
      invite_token_hash: null,
      invite_expires_at: null,
      joined_at: new Date(),
    } as any)
    return new StepResponse(updated, { id: member.id, before })
  },
  async (saved, { container }) => {
    if (!saved) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.updateMerchantMembers({ id: saved.id, ...saved.before } as any)
  }
)

export const acceptMerchantInviteWorkflow = createWorkflow(
  "accept-merchant-invite",
  (input: { auth_identity_id: string; token: string }) => {
    const member = redeemInviteStep({ token: input.token })
    setAuthIdentityActorStep(
      transform({ input, member }, ({ input, member }) => ({
        auth_identity_id: input.auth_identity_id,
        member_id: member.id,
      }))
    )
    return new WorkflowResponse(
      transform({ member }, ({ member }) => ({ id: member.id, email: member.email, role: member.role }))
    )
  }
)
