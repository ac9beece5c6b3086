import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type MerchantModuleService from "../../../modules/merchant/service"

export type CreateMemberInput = {
  merchant_id: string
  email: string
  name?: string | null
  phone?: string | null
  role: "owner" | "staff"
  invite_token_hash?: string | null
  invite_expires_at?: Date | null
  joined_at?: Date | null
}

export const createMerchantMemberStep = createStep(
  "create-merchant-member",
  async (input: CreateMemberInput, { container }) => {
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    const email = input.email.trim().toLowerCase()
    const [existing] = await service.listMerchantMembers({ email })
    if (existing) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `email: ${email} 已是商家成员，不能重复加入 (already a member of a merchant)`
      )
    }
    const member = await service.createMerchantMembers({ ...input, email } as any)
    return new StepResponse(member, member.id)
  },
  async (id, { container }) => {
    if (!id) return
    const service: MerchantModuleService = container.resolve(MERCHANT_MODULE)
    await service.deleteMerchantMembers(id)
  }
)
