import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * Who may use a cart, an order or a payment collection through the store API — the one place the rule
 * lives (src/api/ownership-middlewares.ts applies it to the routes):
 *
 * - A cart whose customer has an account is read and changed only with that customer's token. A cart
 *   without one (no customer, or the guest customer Medusa makes from an e-mail) is keyed by its id alone,
 *   as Medusa's guest checkout expects.
 * - An order, and the payment status of a cart, is shown to its customer's token; a guest order (or guest
 *   cart) also to a caller who gives its e-mail.
 *
 * Whatever a caller may not see is answered exactly as if it did not exist (404, same words): a different
 * answer for "exists but not yours" would let anyone confirm which ids are live. The one exception is the
 * explicit takeover (`POST /store/carts/:id/customer`, 403), where a signed-in caller claims a cart.
 *
 * Facts are loaded once per request and kept on it, so the other middlewares of a route (holds, coupon,
 * points, payment sheet) can ask for the same cart without querying again.
 */

export type CartFacts = {
  id: string
  email: string | null
  customer_id: string | null
  /** The customer id when that customer has an account (only they hold a token for it), else null. */
  owner_id: string | null
  completed_at: string | Date | null
}

export type OrderFacts = { id: string; email: string | null; customer_id: string | null; owner_id: string | null }

/** A payment collection pays for a cart (checkout) or, without one, for an order (an edit's difference). */
export type CollectionFacts = { id: string; cart_id: string | null; order_id: string | null }

// Medusa ids are prefix_ULID; anything else names no row and must not reach PostgreSQL (a NUL byte there
// is a 500), so it is simply not found.
const ID = /^[A-Za-z0-9_-]{1,128}$/

const memo = new WeakMap<object, Map<string, Promise<unknown>>>()

function once<T>(req: MedusaRequest, key: string, load: () => Promise<T>): Promise<T> {
  let cache = memo.get(req)
  if (!cache) memo.set(req, (cache = new Map()))
  if (!cache.has(key)) cache.set(key, load())
  return cache.get(key) as Promise<T>
}

/** The signed-in customer on this request (session or bearer), or null for an anonymous caller. */
export function callerId(req: MedusaRequest): string | null {
  const ctx = (req as any).auth_context as { actor_type?: string; actor_id?: string } | undefined
  return ctx?.actor_type === "customer" && ctx.actor_id ? ctx.actor_id : null
}

const ownerOf = (row: any): string | null => (row?.customer_id && row?.customer?.has_account ? row.customer_id : null)

export function loadCart(req: MedusaRequest, id: unknown): Promise<CartFacts | null> {
  if (typeof id !== "string" || !ID.test(id)) return Promise.resolve(null)
  return once(req, `cart:${id}`, async () => {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "email", "customer_id", "completed_at", "customer.has_account"],
      filters: { id },
    })
    const row = data[0] as any
    if (!row) return null
    return { id: row.id, email: row.email ?? null, customer_id: row.customer_id ?? null, owner_id: ownerOf(row), completed_at: row.completed_at ?? null }
  })
}

export function loadCollection(req: MedusaRequest, id: unknown): Promise<CollectionFacts | null> {
  if (typeof id !== "string" || !ID.test(id)) return Promise.resolve(null)
  return once(req, `payment_collection:${id}`, async () => {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "payment_collection", fields: ["id", "cart.id"], filters: { id } })
    const row = data[0] as any
    if (!row) return null
    const cartId = (row.cart?.id as string | undefined) ?? null
    let orderId: string | null = null
    if (!cartId) {
      const { data: links } = await query.graph({ entity: "order_payment_collection", fields: ["order_id"], filters: { payment_collection_id: id } })
      orderId = (links[0] as any)?.order_id ?? null
    }
    return { id: row.id, cart_id: cartId, order_id: orderId }
  })
}

/** The cart a payment collection pays for (null for an order's own collection), from this request's memo. */
export async function cartIdOfCollection(req: MedusaRequest, id: unknown): Promise<string | null> {
  return (await loadCollection(req, id))?.cart_id ?? null
}

export function loadOrder(req: MedusaRequest, id: unknown): Promise<OrderFacts | null> {
  if (typeof id !== "string" || !ID.test(id)) return Promise.resolve(null)
  return once(req, `order:${id}`, async () => {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "email", "customer_id", "customer.has_account"],
      filters: { id, is_draft_order: false } as any,
    })
    const row = data[0] as any
    return row ? { id: row.id, email: row.email ?? null, customer_id: row.customer_id ?? null, owner_id: ownerOf(row) } : null
  })
}

/** A customer's cart is theirs alone; a guest cart is anyone's who has its id. */
export function mayUseCart(cart: CartFacts, caller: string | null): boolean {
  return !cart.owner_id || cart.owner_id === caller
}

const sameEmail = (a: unknown, b: string | null) =>
  typeof a === "string" && !!a.trim() && !!b && a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * An order (or a cart's payment outcome) is shown to its customer's token; when it has no account behind
 * it, to whoever also gives its e-mail. A customer's own order needs the token: e-mails are guessable.
 */
export function mayViewPurchase(facts: { owner_id: string | null; email: string | null }, caller: string | null, email: unknown): boolean {
  if (facts.owner_id) return facts.owner_id === caller
  return sameEmail(email, facts.email)
}

export const cartNotFound = () => new MedusaError(MedusaError.Types.NOT_FOUND, "购物车不存在 (cart not found)")
export const orderNotFound = () => new MedusaError(MedusaError.Types.NOT_FOUND, "订单不存在 (order not found)")
export const collectionNotFound = () => new MedusaError(MedusaError.Types.NOT_FOUND, "支付单不存在 (payment collection not found)")
export const cartTakenError = () =>
  new MedusaError(MedusaError.Types.FORBIDDEN, "该购物车属于其他用户，不能转到你的账户 (this cart belongs to another customer)")
