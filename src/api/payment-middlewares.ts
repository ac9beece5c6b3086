import type { MiddlewareRoute } from "@medusajs/framework/http"

/**
 * Gateway callbacks are verified against the exact bytes that were signed, so their body parser keeps
 * the raw body next to the parsed one (WeChat sends JSON, Alipay a form).
 */
export const paymentMiddlewares: MiddlewareRoute[] = [
  { matcher: "/hooks/wechatpay", methods: ["POST"], bodyParser: { preserveRawBody: true } },
  { matcher: "/hooks/alipay", methods: ["POST"], bodyParser: { preserveRawBody: true } },
]
