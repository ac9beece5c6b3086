import { Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createRemoteLinkStep,
  createStockLocationsWorkflow,
  emitEventStep,
  linkSalesChannelsToStockLocationWorkflow,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type { MerchantInput } from "../../modules/merchant/service"
import { createMerchantMemberStep } from "./steps/create-merchant-member"
import { createMerchantStep } from "./steps/create-merchant"
import { normalizeMerchantInputStep } from "./steps/normalize-merchant-input"
import { setAuthIdentityActorStep } from "./steps/set-auth-identity-actor"

export type CreateMerchantWorkflowInput = {
  auth_identity_id: string
  email: string
  merchant: MerchantInput
  owner?: { name?: string | null; phone?: string | null }
}

/**
 * A shop applies (入驻申请): the merchant in `pending`, its owner as first member bound to the login,
 * and the shop's own stock location in the platform's sales channel. Any failure undoes all of it.
 */
export const createMerchantWorkflow = createWorkflow(
  "create-merchant",
  (input: CreateMerchantWorkflowInput) => {
    const data = normalizeMerchantInputStep({ data: input.merchant })
    const merchant = createMerchantStep(data)

    const memberInput = transform({ input, merchant }, ({ input, merchant }) => ({
      merchant_id: merchant.id,
      email: input.email,
      name: input.owner?.name ?? null,
      phone: input.owner?.phone ?? null,
      role: "owner" as const,
      joined_at: new Date(),
    }))
    const owner = createMerchantMemberStep(memberInput)
    setAuthIdentityActorStep(
      transform({ input, owner }, ({ input, owner }) => ({
        auth_identity_id: input.auth_identity_id,
        member_id: owner.id,
      }))
    )

    const locationInput = transform({ merchant }, ({ merchant }) => ({
      locations: [
        {
          name: `${merchant.name}（门店）`,
          address: {
            address_1: merchant.street,
            address_2: merchant.district ?? undefined,
            city: merchant.city,
            province: merchant.province,
            country_code: "cn",
          },
          metadata: { merchant_id: merchant.id },
        },
      ],
    }))
    const locations = createStockLocationsWorkflow.runAsStep({ input: locationInput })

    const { data: stores } = useQueryGraphStep({
      entity: "store",
      fields: ["id", "default_sales_channel_id"],
    }).config({ name: "get-store" })
    linkSalesChannelsToStockLocationWorkflow.runAsStep({
      input: transform({ locations, stores }, ({ locations, stores }) => ({
        id: locations[0].id,
        add: stores[0]?.default_sales_channel_id ? [stores[0].default_sales_channel_id] : [],
      })),
    })
    createRemoteLinkStep(
      transform({ merchant, locations }, ({ merchant, locations }) => [
        {
          [MERCHANT_MODULE]: { merchant_id: merchant.id },
          [Modules.STOCK_LOCATION]: { stock_location_id: locations[0].id },
        },
      ])
    )
    emitEventStep({
      eventName: "merchant.created",
      data: transform({ merchant }, ({ merchant }) => ({ id: merchant.id })),
    })
    return new WorkflowResponse({ merchant, owner })
  }
)
