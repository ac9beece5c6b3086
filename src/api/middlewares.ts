import { defineMiddlewares } from "@medusajs/framework/http"
import { authMiddlewares } from "./auth-middlewares"
import { bookingMiddlewares } from "./booking-middlewares"
import { couponMiddlewares } from "./coupon-middlewares"
import { inputGuardErrorHandler, inputGuardMiddlewares } from "./input-guard-middlewares"
import { merchantMiddlewares } from "./merchant-middlewares"
import { nearbyMiddlewares } from "./nearby-middlewares"
import { orderMiddlewares } from "./order-middlewares"
import { ownershipMiddlewares } from "./ownership-middlewares"
import { paymentMiddlewares } from "./payment-middlewares"
import { pointsMiddlewares } from "./points-middlewares"
import { reviewMiddlewares } from "./review-middlewares"

// Each domain keeps its routes' validation and auth in its own <domain>-middlewares.ts. Sign-in limits
// come first (they only touch /auth, where a locked account must be refused before any other work);
// then ownership: a caller refused a cart, order or payment collection reaches none of the domains' checks.
export default defineMiddlewares({
  errorHandler: inputGuardErrorHandler,
  routes: [
    ...authMiddlewares,
    ...ownershipMiddlewares,
    ...inputGuardMiddlewares,
    ...merchantMiddlewares,
    ...bookingMiddlewares,
    ...nearbyMiddlewares,
    ...paymentMiddlewares,
    ...reviewMiddlewares,
    ...couponMiddlewares,
    ...pointsMiddlewares,
    ...orderMiddlewares,
  ],
})
