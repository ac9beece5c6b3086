import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BOOKING_MODULE } from "../../../modules/booking"
import type BookingModuleService from "../../../modules/booking/service"
import { paymentGraceMinutes } from "../booking-context"

async function cartItems(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "items.id", "items.variant_id", "items.title"],
    filters: { id: cartId },
  })
  return (((data[0] as any)?.items ?? []) as any[]).filter(Boolean)
}

/**
 * Runs BEFORE Medusa's completeCartWorkflow (which authorises the payment): every booked line must
 * still have a live hold, otherwise completion stops with a 409 and nothing is charged. Live holds are
 * extended so they cannot run out while the payment is authorised; compensation restores the old expiry.
 */
export const prepareCartHoldsStep = createStep(
  "booking-prepare-cart-holds",
  async (input: { cart_id: string }, { container }) => {
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    const items = await cartItems(container, input.cart_id)
    const variantIds = [...new Set(items.map((i) => i.variant_id).filter(Boolean))] as string[]
    const offerings = variantIds.length ? await booking.listBookingOfferings({ variant_id: variantIds }) : []
    const previous = await booking.prepareCartHolds({
      cart_id: input.cart_id,
      items,
      booked_variant_ids: offerings.map((o: any) => o.variant_id),
      grace_minutes: paymentGraceMinutes(),
    })
    return new StepResponse(previous.length, previous)
  },
  async (previous, { container }) => {
    if (!previous?.length) return
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    await booking.restoreHoldExpiry(previous)
  }
)

/** Runs AFTER the order exists: holds become confirmed appointments with redemption codes. */
export const confirmCartHoldsStep = createStep(
  "booking-confirm-cart-holds",
  async (input: { cart_id: string; order_id: string }, { container }) => {
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "order", fields: ["id", "customer_id"], filters: { id: input.order_id } })
    const items = await cartItems(container, input.cart_id)
    const confirmed = await booking.confirmCartHolds({
      cart_id: input.cart_id,
      order_id: input.order_id,
      customer_id: (data[0] as any)?.customer_id ?? null,
      line_item_ids: items.map((i) => i.id),
    })
    return new StepResponse(confirmed, confirmed)
  },
  async (confirmed, { container }) => {
    if (!confirmed?.length) return
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    await booking.unconfirmHolds(confirmed)
  }
)
