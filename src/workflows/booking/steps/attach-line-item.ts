import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BOOKING_MODULE } from "../../../modules/booking"
import type BookingModuleService from "../../../modules/booking/service"

/** Records which cart line item the hold became; the line carries the appointment id in its metadata. */
export const attachLineItemStep = createStep(
  "booking-attach-line-item",
  async (input: { cart_id: string; appointment_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "items.id", "items.metadata"],
      filters: { id: input.cart_id },
    })
    const item = ((data[0] as any)?.items ?? []).find((i: any) => i?.metadata?.appointment_id === input.appointment_id)
    if (!item) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "预约未能加入购物车 (the booking line was not added to the cart)")
    }
    const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
    await booking.attachLineItem(input.appointment_id, item.id)
    return new StepResponse(item.id as string)
  }
)
