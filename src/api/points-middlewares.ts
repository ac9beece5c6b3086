import { authenticate, type MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminAdjustPoints, LedgerQuery, StoreApplyPoints } from "./points-validators"

const customerAuth = authenticate("customer", ["session", "bearer"])

export const pointsMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/carts/:id/points", middlewares: [customerAuth] },
  { matcher: "/store/carts/:id/points", methods: ["POST"], middlewares: [validateAndTransformBody(StoreApplyPoints)] },
  { matcher: "/store/customers/me/points", methods: ["GET"], middlewares: [customerAuth, validateAndTransformQuery(LedgerQuery, {})] },
  { matcher: "/admin/customers/:id/points", methods: ["GET"], middlewares: [validateAndTransformQuery(LedgerQuery, {})] },
  { matcher: "/admin/customers/:id/points/adjust", methods: ["POST"], middlewares: [validateAndTransformBody(AdminAdjustPoints)] },
]
