import { authenticate, validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { reasonText } from "./reason-text"

export const StoreCancelOrder = z.object({ reason: z.string().max(500).optional() })
export const AdminRefundOrder = z.object({ reason: reasonText("退款原因") })

const customerAuth = authenticate("customer", ["session", "bearer"])

/** Routes of the order lifecycle: the customer's view and cancel, the operator's view and refund. */
export const orderMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/orders/:id/lifecycle", methods: ["GET"], middlewares: [customerAuth] },
  { matcher: "/store/orders/:id/cancel", methods: ["POST"], middlewares: [customerAuth, validateAndTransformBody(StoreCancelOrder)] },
  { matcher: "/admin/orders/:id/lifecycle-refund", methods: ["POST"], middlewares: [validateAndTransformBody(AdminRefundOrder)] },
]
