import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addToCartWorkflow } from "@medusajs/medusa/core-flows"
import { attachLineItemStep } from "./steps/attach-line-item"
import { claimSeatsStep } from "./steps/claim-seats"
import { placeHoldStep, type PlaceHoldInput } from "./steps/place-hold"

/**
 * POST /store/carts/:id/appointments: the seats are claimed on the slot counter first (one conditional
 * update: a full slot stops here), then every rule is checked and the hold written under the resource
 * lock (the last word), then the offering's variant is added to the cart. If anything after the claim
 * fails, the hold and the claimed seats are given back.
 */
export const placeAppointmentHoldWorkflow = createWorkflow("booking-place-appointment-hold", (input: PlaceHoldInput) => {
  const claimId = claimSeatsStep(input)
  const placed = placeHoldStep(transform({ input, claimId }, ({ input, claimId }) => ({ ...input, claim_id: claimId })))
  const addInput = transform({ input, placed }, ({ input, placed }) => ({
    cart_id: input.cart_id,
    items: [
      {
        variant_id: placed.variant_id,
        quantity: 1,
        metadata: {
          appointment_id: placed.hold.id,
          start_at: new Date(placed.hold.start_at).toISOString(),
          end_at: new Date(placed.hold.end_at).toISOString(),
          party_size: placed.hold.party_size,
        },
      },
    ],
  }))
  addToCartWorkflow.runAsStep({ input: addInput })
  const lineItemId = attachLineItemStep(
    transform({ input, placed }, ({ input, placed }) => ({ cart_id: input.cart_id, appointment_id: placed.hold.id as string }))
  )
  return new WorkflowResponse(
    transform({ placed, lineItemId }, ({ placed, lineItemId }) => ({ ...placed.hold, line_item_id: lineItemId }))
  )
})
