import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../modules/booking"
import type BookingModuleService from "../modules/booking/service"

/**
 * A payment session's trade must not outlive the cart's booking holds: a customer who paid after a
 * hold lapsed would be charged for a slot the cart no longer owns. The providers cannot see bookings,
 * so the earliest live hold's expiry goes to them as `data.pay_before` (they turn it into the
 * gateway's time_expire). Whatever the client put there is replaced. This runs after the booking
 * domain's middleware on the same route, which has just extended the holds for the payment.
 */
async function payBeforeHolds(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const body = ((req as any).body ??= {}) as Record<string, any>
    const data: Record<string, unknown> = body.data && typeof body.data === "object" && !Array.isArray(body.data) ? { ...body.data } : {}
    delete data.pay_before
    const q = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data: pcs } = await q.graph({ entity: "payment_collection", fields: ["id", "cart.id"], filters: { id: req.params.id } })
    const cartId = (pcs[0] as any)?.cart?.id as string | undefined
    if (cartId) {
      const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
      const holds = await booking.listBookingAppointments(
        { cart_id: cartId, status: "held", expires_at: { $gt: new Date() } } as any,
        { select: ["id", "expires_at"] }
      )
      const earliest = Math.min(...holds.map((h: any) => new Date(h.expires_at).getTime()))
      if (Number.isFinite(earliest)) data.pay_before = new Date(earliest).toISOString()
    }
    body.data = data
    next()
  } catch (e) {
    next(e)
  }
}

/**
 * Gateway callbacks are verified against the exact bytes that were signed, so their body parser keeps
 * the raw body next to the parsed one (WeChat sends JSON, Alipay a form).
 */
export const paymentMiddlewares: MiddlewareRoute[] = [
  { matcher: "/hooks/wechatpay", methods: ["POST"], bodyParser: { preserveRawBody: true } },
  { matcher: "/hooks/alipay", methods: ["POST"], bodyParser: { preserveRawBody: true } },
  { matcher: "/store/payment-collections/:id/payment-sessions", methods: ["POST"], middlewares: [payBeforeHolds] },
]
