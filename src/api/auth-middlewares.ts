import type { MiddlewareRoute } from "@medusajs/framework/http"
import { guardPasswordAttempt, limitResetRequests } from "../lib/login-limits"

/**
 * Brute-force limits on Medusa's own e-mail + password routes, for every actor (user, customer and our
 * merchant): the routes stay Medusa's, these only count and refuse around them (src/lib/login-limits.ts).
 * Methods are named so that each matcher is exact: the sign-in matcher must not also catch /register.
 */
export const authMiddlewares: MiddlewareRoute[] = [
  { matcher: "/auth/:actor_type/emailpass", methods: ["POST"], middlewares: [guardPasswordAttempt("login")] },
  { matcher: "/auth/:actor_type/emailpass/register", methods: ["POST"], middlewares: [guardPasswordAttempt("register")] },
  { matcher: "/auth/:actor_type/emailpass/reset-password", methods: ["POST"], middlewares: [limitResetRequests] },
]
