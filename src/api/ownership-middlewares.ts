import {
  authenticate,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import {
  callerId,
  cartNotFound,
  cartTakenError,
  collectionNotFound,
  loadCart,
  loadCollection,
  loadOrder,
  mayUseCart,
  mayViewPurchase,
  orderNotFound,
} from "../lib/ownership"

// The caller's customer, when a token or session comes along; anonymous callers go on to the rule.
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

const guard =
  (check: (req: MedusaRequest) => Promise<void>) => async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      await check(req)
      next()
    } catch (e) {
      next(e)
    }
  }

/**
 * The path below the mount point, split: Express strips the matcher ("/store/carts") from req.path. The
 * guards are mounted on plain prefixes rather than "/store/carts/:id" so they run ahead of Medusa's own
 * validators for the routes below (a static node sorts before its parameter children) and so Express
 * decodes no path parameter for them (the input guard answers malformed escapes).
 */
function below(req: MedusaRequest): string[] {
  return req.path.split("/").filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  })
}

/** Reads `?email=` for the rule and takes it off the query, so no route's query validator trips on it. */
function takeEmail(req: MedusaRequest): unknown {
  const q = req.query as Record<string, unknown> | undefined
  const email = q?.email
  if (q && "email" in q) delete q.email
  return email
}

/**
 * Everything below /store/carts/:id — Medusa's routes and ours, and any added later. A customer's cart is
 * theirs alone. Taking a cart over (Medusa's sign-in-after-browsing, POST …/customer) is the one write a
 * non-owner may ask for: a guest cart may be taken, someone else's is refused with 403; without a token
 * Medusa's own route answers 401.
 */
const ownCart = guard(async (req) => {
  const [id, sub] = below(req)
  if (!id) return // POST /store/carts creates one
  const caller = callerId(req)
  const takeover = req.method === "POST" && sub === "customer" && below(req).length === 2
  if (takeover && !caller) return
  const cart = await loadCart(req, id)
  if (!cart) throw cartNotFound()
  if (takeover) {
    if (cart.owner_id && cart.owner_id !== caller) throw cartTakenError()
    return
  }
  if (!mayUseCart(cart, caller)) throw cartNotFound()
})

/** Routes that name a cart in the body or query rather than the path. */
const ownNamedCart = (idOf: (req: MedusaRequest) => unknown) =>
  guard(async (req) => {
    const id = idOf(req)
    // No cart named: Medusa's validator answers that.
    if (typeof id !== "string") return
    const cart = await loadCart(req, id)
    if (!cart || !mayUseCart(cart, callerId(req))) throw cartNotFound()
  })

/**
 * A payment collection follows what it pays for: a cart's by the cart rule (opening a session changes the
 * cart's checkout), an order's by the order rule. The payment-status poll tells whether an order was
 * placed and which, so it is read by the order rule even for a guest cart: its e-mail (`?email=`) too.
 * POST /store/payment-collections names its cart in the body.
 */
const ownCollection = guard(async (req) => {
  const [id, sub] = below(req)
  const caller = callerId(req)
  if (!id) {
    const cartId = req.method === "POST" ? (req.body as any)?.cart_id : undefined
    if (typeof cartId !== "string") return
    const cart = await loadCart(req, cartId)
    if (!cart || !mayUseCart(cart, caller)) throw cartNotFound()
    return
  }
  const poll = req.method === "GET" && sub === "payment-status"
  const email = takeEmail(req)
  const pc = await loadCollection(req, id)
  if (!pc) throw collectionNotFound()
  if (pc.cart_id) {
    const cart = await loadCart(req, pc.cart_id)
    if (!cart || !(poll ? mayViewPurchase(cart, caller, email) : mayUseCart(cart, caller))) throw collectionNotFound()
    return
  }
  const order = pc.order_id ? await loadOrder(req, pc.order_id) : null
  if (!order || !mayViewPurchase(order, caller, email)) throw collectionNotFound()
})

/**
 * An order (GET /store/orders/:id, and ours below it): its customer's token, or for a guest order its
 * e-mail (`?email=`). The list is scoped to the caller by Medusa; Medusa's transfer routes stay as Medusa
 * made them (a transfer is confirmed with a token sent to the order's e-mail).
 */
const ORDER_ROUTES = new Set(["GET ", "GET lifecycle", "POST cancel"])
const ownOrder = guard(async (req) => {
  const [id, sub, ...rest] = below(req)
  if (!id || rest.length || !ORDER_ROUTES.has(`${req.method} ${sub ?? ""}`)) return
  const email = takeEmail(req)
  const order = await loadOrder(req, id)
  if (!order || !mayViewPurchase(order, callerId(req), email)) throw orderNotFound()
})

/**
 * Who may use which cart, order and payment collection (rule in src/lib/ownership.ts), for Medusa's store
 * routes and ours alike. Spread first in middlewares.ts so nothing of a route runs for a caller it refuses.
 * Matched without methods on a prefix: Express applies each guard to every route below it, so a cart or
 * payment-collection route added later is covered without being listed here.
 */
export const ownershipMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/carts", middlewares: [optionalCustomer, ownCart] },
  { matcher: "/store/payment-collections", middlewares: [optionalCustomer, ownCollection] },
  { matcher: "/store/orders", middlewares: [optionalCustomer, ownOrder] },
  // Shipping options are priced in a cart's context (its address and items).
  { matcher: "/store/shipping-options", methods: ["GET"], middlewares: [optionalCustomer, ownNamedCart((req) => req.query?.cart_id)] },
  { matcher: "/store/shipping-options/:id/calculate", methods: ["POST"], middlewares: [optionalCustomer, ownNamedCart((req) => (req.body as any)?.cart_id)] },
]
