import {
  authenticate,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { cartIdOfCollection } from "../lib/ownership"
import { checkCouponAtCompletion, prepareCouponForPayment } from "../workflows/coupon/checkout-checks"
import { ApplyCoupon, CreateCoupon, ListCoupons, StoreListCoupons, UpdateCoupon } from "./vendor/coupons/validators"

const merchantAuth = authenticate("merchant", ["session", "bearer"])
const customerAuth = authenticate("customer", ["session", "bearer"])
// Anyone browsing a shop may see its coupons; claiming needs a signed-in customer.
const optionalCustomerAuth = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })
const list = validateAndTransformQuery(ListCoupons, {})

/** The coupon is judged once more, and the 满减 tier made final, before a payment session is opened. */
async function checkCouponBeforePayment(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const cartId = await cartIdOfCollection(req, req.params.id)
    if (cartId) await prepareCouponForPayment(req.scope, cartId)
    next()
  } catch (e) {
    next(e)
  }
}

/** At /complete nothing is re-priced: only what checkout would refuse is reported first, with its reason. */
async function checkCouponBeforeCompletion(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    await checkCouponAtCompletion(req.scope, req.params.id)
    next()
  } catch (e) {
    next(e)
  }
}

/** Routes of the coupon domain: /vendor/coupons, /admin/coupons, /store/coupons and the cart's coupons. */
export const couponMiddlewares: MiddlewareRoute[] = [
  { matcher: "/vendor/coupons*", middlewares: [merchantAuth] },
  { matcher: "/vendor/coupons", methods: ["GET"], middlewares: [list] },
  { matcher: "/vendor/coupons", methods: ["POST"], middlewares: [validateAndTransformBody(CreateCoupon)] },
  { matcher: "/vendor/coupons/:id", methods: ["POST"], middlewares: [validateAndTransformBody(UpdateCoupon)] },

  { matcher: "/admin/coupons", methods: ["GET"], middlewares: [list] },
  { matcher: "/admin/coupons", methods: ["POST"], middlewares: [validateAndTransformBody(CreateCoupon)] },
  { matcher: "/admin/coupons/:id", methods: ["POST"], middlewares: [validateAndTransformBody(UpdateCoupon)] },

  { matcher: "/store/coupons", methods: ["GET"], middlewares: [optionalCustomerAuth, validateAndTransformQuery(StoreListCoupons, {})] },
  { matcher: "/store/coupons/:batch_id/claim", middlewares: [customerAuth] },
  { matcher: "/store/customers/me/coupons", middlewares: [customerAuth] },
  { matcher: "/store/carts/:id/coupons", middlewares: [customerAuth] },
  { matcher: "/store/carts/:id/coupons", methods: ["POST"], middlewares: [validateAndTransformBody(ApplyCoupon)] },
  { matcher: "/store/payment-collections/:id/payment-sessions", methods: ["POST"], middlewares: [checkCouponBeforePayment] },
  { matcher: "/store/carts/:id/complete", methods: ["POST"], middlewares: [checkCouponBeforeCompletion] },
]
