import { conflictError } from "../modules/booking/utils/errors"
import {
  authenticate,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { cartIdOfCollection } from "../lib/ownership"
import { BOOKING_MODULE } from "../modules/booking"
import type BookingModuleService from "../modules/booking/service"
import { paymentGraceMinutes } from "../workflows/booking/booking-context"
import {
  AdminAppointmentsQuery,
  AdminCalendarQuery,
  StoreAvailabilityQuery,
  StoreCancel,
  StoreCreateAppointment,
  StoreReschedule,
  StoreVoucherRefund,
  VoucherListQuery,
  VendorCalendarQuery,
  VendorCheckIn,
  VendorClosure,
  VendorUpdateClosure,
  VendorOffering,
  VendorResource,
  VendorUpdateOffering,
  VendorUpdateResource,
} from "./vendor/booking/validators"

const merchantAuth = authenticate("merchant", ["session", "bearer"])
const customerAuth = authenticate("customer", ["session", "bearer"])
const query = (schema: any) => validateAndTransformQuery(schema, {})

/**
 * While the customer pays (a payment session is opened), the cart's holds are extended; if one has
 * already run out, no session is opened, so the customer is never sent to pay for a lost slot.
 */
async function extendHoldsBeforePayment(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const cartId = await cartIdOfCollection(req, req.params.id)
    if (cartId) {
      const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
      const lost = await booking.extendCartHolds(cartId, paymentGraceMinutes())
      if (lost.length) {
        throw conflictError(
          "预约保留已过期，请重新选择时间后再付款 (a booking hold in this cart has expired; pick a slot again before paying)"
        )
      }
    }
    next()
  } catch (e) {
    next(e)
  }
}

/**
 * The cart-completion workflow re-checks holds under a row lock (authoritative), but workflow errors
 * lose their text on the way out of Medusa's complete route. Checking here first, with the same
 * module call, lets the customer read why checkout stopped; the workflow still decides in a race.
 */
async function checkHoldsBeforeCompletion(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const q = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await q.graph({
      entity: "cart",
      fields: ["id", "completed_at", "items.id", "items.variant_id", "items.title"],
      filters: { id: req.params.id },
    })
    const cart = data[0] as any
    const items = ((cart?.items ?? []) as any[]).filter(Boolean)
    if (cart && !cart.completed_at && items.length) {
      const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
      const variantIds = [...new Set(items.map((i) => i.variant_id).filter(Boolean))] as string[]
      const offerings = variantIds.length ? await booking.listBookingOfferings({ variant_id: variantIds }) : []
      if (offerings.length) {
        await booking.prepareCartHolds({
          cart_id: cart.id,
          items,
          booked_variant_ids: offerings.map((o: any) => o.variant_id),
          grace_minutes: paymentGraceMinutes(),
        })
      }
    }
    next()
  } catch (e) {
    next(e)
  }
}

/** Routes of the booking domain: /store availability, holds and the customer's appointments; /vendor/booking; /admin/bookings. */
export const bookingMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/merchants/:id/availability", methods: ["GET"], middlewares: [query(StoreAvailabilityQuery)] },
  { matcher: "/store/carts/:id/appointments", methods: ["POST"], middlewares: [validateAndTransformBody(StoreCreateAppointment)] },
  { matcher: "/store/payment-collections/:id/payment-sessions", methods: ["POST"], middlewares: [extendHoldsBeforePayment] },
  { matcher: "/store/carts/:id/complete", methods: ["POST"], middlewares: [checkHoldsBeforeCompletion] },
  { matcher: "/store/appointments*", middlewares: [customerAuth] },
  { matcher: "/store/appointments/:id/cancel", methods: ["POST"], middlewares: [validateAndTransformBody(StoreCancel)] },
  { matcher: "/store/appointments/:id/reschedule", methods: ["POST"], middlewares: [validateAndTransformBody(StoreReschedule)] },
  { matcher: "/store/customers/me/vouchers", methods: ["GET"], middlewares: [customerAuth, query(VoucherListQuery)] },
  { matcher: "/store/vouchers*", middlewares: [customerAuth] },
  { matcher: "/store/vouchers/:id/refund", methods: ["POST"], middlewares: [validateAndTransformBody(StoreVoucherRefund)] },

  { matcher: "/vendor/booking*", middlewares: [merchantAuth] },
  { matcher: "/vendor/booking/resources", methods: ["POST"], middlewares: [validateAndTransformBody(VendorResource)] },
  { matcher: "/vendor/booking/resources/:id", methods: ["POST"], middlewares: [validateAndTransformBody(VendorUpdateResource)] },
  { matcher: "/vendor/booking/offerings", methods: ["POST"], middlewares: [validateAndTransformBody(VendorOffering)] },
  { matcher: "/vendor/booking/offerings/:id", methods: ["POST"], middlewares: [validateAndTransformBody(VendorUpdateOffering)] },
  { matcher: "/vendor/booking/closures", methods: ["POST"], middlewares: [validateAndTransformBody(VendorClosure)] },
  { matcher: "/vendor/booking/closures/:id", methods: ["POST"], middlewares: [validateAndTransformBody(VendorUpdateClosure)] },
  { matcher: "/vendor/booking/calendar", methods: ["GET"], middlewares: [query(VendorCalendarQuery)] },
  { matcher: "/vendor/booking/check-in", methods: ["POST"], middlewares: [validateAndTransformBody(VendorCheckIn)] },
  { matcher: "/vendor/booking/vouchers", methods: ["GET"], middlewares: [query(VoucherListQuery)] },

  { matcher: "/admin/bookings/calendar", methods: ["GET"], middlewares: [query(AdminCalendarQuery)] },
  { matcher: "/admin/bookings/appointments", methods: ["GET"], middlewares: [query(AdminAppointmentsQuery)] },
]
