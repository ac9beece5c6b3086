import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { refusePaidTrades } from "../lib/gateway-provider"
import { cartIdOfCollection } from "../lib/ownership"
import { sheetText } from "../lib/trade"
import { BOOKING_MODULE } from "../modules/booking"
import type BookingModuleService from "../modules/booking/service"
import { merchantOfCart } from "../workflows/merchant/steps/resolve-cart-merchant"

/**
 * A new payment session makes Medusa drop the collection's existing ones (and their trades). One the
 * customer already paid must stay for its notification to place the order: the request is refused
 * instead (400 该支付单已付款…), and refused too while the gateway cannot say (see refusePaidTrades).
 */
async function keepPaidTrades(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    await refusePaidTrades(req.scope, req.params.id)
    next()
  } catch (e) {
    next(e)
  }
}

/** Whatever a client could put on the payment sheet or into what the gateway echoes back. */
const SERVER_ONLY_KEYS = [
  "sheet_text",
  "payment_collection_id",
  "description",
  "subject",
  "body",
  "attach",
  "passback_params",
  "goods_tag",
  "detail",
  "payment_description",
  "statement_descriptor",
  "statement_descriptor_suffix",
]

/**
 * The payment sheet says who is paid and for what, in the server's words: the cart's shop and items
 * ("老王火锅 · 双人火锅套餐等2件") go to the providers as `data.sheet_text` (they read nothing else for
 * it), Stripe gets the same as its payment description. The collection's id goes along too, for the
 * gateway to echo back with the trade. Whatever the client sent under these keys is dropped; with no
 * shop the provider's configured default stands.
 */
async function serverSheetText(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const body = ((req as any).body ??= {}) as Record<string, any>
    const data: Record<string, unknown> = body.data && typeof body.data === "object" && !Array.isArray(body.data) ? { ...body.data } : {}
    for (const k of SERVER_ONLY_KEYS) delete data[k]
    data.payment_collection_id = req.params.id
    const q = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data: pcs } = await q.graph({
      entity: "payment_collection",
      fields: ["id", "cart.id", "cart.items.product_title", "cart.items.title", "cart.items.quantity", "cart.items.created_at"],
      filters: { id: req.params.id },
    })
    const cart = (pcs[0] as any)?.cart
    if (cart?.id) {
      const items = [...((cart.items ?? []) as any[])].sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
      const shop = await merchantOfCart(req.scope, cart.id)
      const text = sheetText(shop?.name, items.map((i) => ({ title: i.product_title || i.title, quantity: i.quantity })))
      if (text) {
        data.sheet_text = text
        if (String(body.provider_id ?? "").startsWith("pp_stripe")) data.payment_description = text
      }
    }
    body.data = data
    next()
  } catch (e) {
    next(e)
  }
}

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
    const cartId = await cartIdOfCollection(req, req.params.id)
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
  {
    matcher: "/store/payment-collections/:id/payment-sessions",
    methods: ["POST"],
    middlewares: [keepPaidTrades, payBeforeHolds, serverSheetText],
  },
]
