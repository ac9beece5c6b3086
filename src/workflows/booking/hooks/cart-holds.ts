import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { refreshCartItemsWorkflow, updateLineItemInCartWorkflow } from "@medusajs/medusa/core-flows"
import { BOOKING_MODULE } from "../../../modules/booking"
import type BookingModuleService from "../../../modules/booking/service"

/**
 * Removing a booked line releases its seat at once. Medusa's delete-line-items workflow has no hook of
 * its own, but it (and every other change to a cart's items) ends in refreshCartItemsWorkflow, whose
 * hook runs after the deletion: holds whose line item is no longer in the cart are cancelled there.
 * Completion re-checks the same thing, so a missed refresh can never leak a seat into an order.
 */
refreshCartItemsWorkflow.hooks.beforeRefreshingPaymentCollection(async ({ input }, { container }) => {
  const cartId = (input as any)?.cart_id
  if (!cartId) return
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: ["id", "items.id"], filters: { id: cartId } })
  const present = (((data[0] as any)?.items ?? []) as any[]).filter(Boolean).map((i) => i.id as string)
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  await booking.releaseRemovedHolds(cartId, present)
})

// One booked line is one appointment: its quantity cannot be raised (that would sell seats nobody holds).
updateLineItemInCartWorkflow.hooks.validate(async ({ input, cart }, { container }) => {
  const item = ((cart as any)?.items ?? []).find((i: any) => i?.id === (input as any).item_id)
  const quantity = (input as any).update?.quantity
  if (!item?.metadata?.appointment_id || quantity === undefined || Number(quantity) === 0 || Number(quantity) === 1) return
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    "quantity: 预约项目的数量固定为 1，如需多人请在预约时填写人数 (a booked line's quantity is 1; book again or set party_size)"
  )
})
