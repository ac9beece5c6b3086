import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * Attaches the merchant member to the login (auth identity) so that Medusa's `authenticate("merchant")`
 * yields the member id as actor id. Refuses an identity that already belongs to a shop.
 */
export const setAuthIdentityActorStep = createStep(
  "set-auth-identity-merchant-actor",
  async (input: { auth_identity_id: string; member_id: string }, { container }) => {
    const auth = container.resolve(Modules.AUTH)
    const identity = await auth.retrieveAuthIdentity(input.auth_identity_id)
    const previous = identity.app_metadata ?? {}
    if (previous.merchant_id && previous.merchant_id !== input.member_id) {
      throw new MedusaError(MedusaError.Types.CONFLICT, "该账号已属于一个商家 (this login already belongs to a merchant)")
    }
    await auth.updateAuthIdentities({
      id: input.auth_identity_id,
      app_metadata: { ...previous, merchant_id: input.member_id },
    })
    return new StepResponse(undefined, { id: input.auth_identity_id, previous })
  },
  async (saved, { container }) => {
    if (!saved) return
    const auth = container.resolve(Modules.AUTH)
    await auth.updateAuthIdentities({ id: saved.id, app_metadata: saved.previous })
  }
)
