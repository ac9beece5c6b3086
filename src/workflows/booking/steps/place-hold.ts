import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BOOKING_MODULE } from "../../../modules/booking"
import type BookingModuleService from "../../../modules/booking/service"
import { merchantOfCart } from "../../merchant/steps/resolve-cart-merchant"
import { holdMinutes, loadMerchant, loadOffering, ruleError, validateSlotRequest, type BookingAddress } from "../booking-context"

export type PlaceHoldInput = {
  cart_id: string
  offering_id: string
  start_at: string
  party_size?: number
  resource_id?: string | null
  address?: BookingAddress | null
  /** Seats taken on the slot counter by claimSeatsStep, handed over to the hold. */
  claim_id?: string | null
}

/** Checks every rule, then takes a seat under the resource lock. Compensation gives the seat back. */
export const placeHoldStep = createStep(
  "booking-place-hold",
  async (input: PlaceHoldInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: carts } = await query.graph({
      entity: "cart",
      fields: ["id", "customer_id", "completed_at"],
      filters: { id: input.cart_id },
    })
    const cart = carts[0] as any
    if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `购物车 ${input.cart_id} 不存在 (cart not found)`)
    if (cart.completed_at) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "购物车已结算，不能再添加预约 (the cart is already completed)")
    }
    const offering = await loadOffering(container, input.offering_id)
    const shop = await merchantOfCart(container, input.cart_id)
    if (shop && shop.id !== offering.merchant_id) {
      ruleError("offering_merchant", "offering_id", `购物车里是「${shop.name}」的商品`)
    }
    const merchant = await loadMerchant(container, offering.merchant_id)
    if (merchant.status !== "approved") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `商家「${merchant.name}」暂停营业 (shop "${merchant.name}" is not open for orders)`)
    }
    const slot = await validateSlotRequest(container, { merchant, offering, ...input })
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    const hold = await booking.placeHold({
      merchant_id: merchant.id,
      offering_id: offering.id,
      resource_ids: slot.resource_ids,
      start_at: slot.start_at,
      end_at: slot.end_at,
      occupied_from: slot.occupied_from,
      occupied_to: slot.occupied_to,
      party_size: slot.party_size,
      seats: slot.party_size,
      cart_id: cart.id,
      customer_id: cart.customer_id ?? null,
      address: slot.address,
      hold_minutes: holdMinutes(),
      claim_id: input.claim_id ?? null,
    })
    return new StepResponse({ hold, variant_id: offering.variant_id as string }, hold.id as string)
  },
  async (holdId, { container }) => {
    if (!holdId) return
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    await booking.transition({ id: holdId, from: ["held"], to: "cancelled", set: { cancellation: { reason: "hold_rolled_back" } } })
  }
)
