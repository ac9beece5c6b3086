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
import { checkCartPointsForPayment } from "../workflows/points/checkout-checks"
import { AdminAdjustPoints, LedgerQuery, StoreApplyPoints } from "./points-validators"

const customerAuth = authenticate("customer", ["session", "bearer"])

/** Runs after the coupon's check (registered later), so the cap is judged on the final total. */
async function checkPointsBeforePayment(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const cartId = await cartIdOfCollection(req, req.params.id)
    if (cartId) await checkCartPointsForPayment(req.scope, cartId)
    next()
  } catch (e) {
    next(e)
  }
}

export const pointsMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/carts/:id/points", middlewares: [customerAuth] },
  { matcher: "/store/carts/:id/points", methods: ["POST"], middlewares: [validateAndTransformBody(StoreApplyPoints)] },
  { matcher: "/store/payment-collections/:id/payment-sessions", methods: ["POST"], middlewares: [checkPointsBeforePayment] },
  { matcher: "/store/customers/me/points", methods: ["GET"], middlewares: [customerAuth, validateAndTransformQuery(LedgerQuery, {})] },
  { matcher: "/admin/customers/:id/points", methods: ["GET"], middlewares: [validateAndTransformQuery(LedgerQuery, {})] },
  { matcher: "/admin/customers/:id/points/adjust", methods: ["POST"], middlewares: [validateAndTransformBody(AdminAdjustPoints)] },
]
