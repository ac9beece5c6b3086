import { cache } from "react"
import { api, isNotFound } from "./medusa"
import { backendUrl } from "./env"
import { getCartId, getToken } from "./session"

export type Category = { slug: string; name_zh: string; name_en: string; rank: number }

export type Hit = {
  id: string
  slug: string
  name: string
  category: string
  city?: string
  district?: string
  lat: number
  lng: number
  logo?: string | null
  rating: number
  rating_count: number
  monthly_sales?: number
  open_now: boolean
  distance_m: number
  products?: { id: string; title: string }[]
}

export type SearchResult = { hits: Hit[]; count: number; limit: number; offset: number; facets: { category: Record<string, number> } }

export const getCategories = cache(async (): Promise<Category[]> => {
  const { categories } = await api<{ categories: Category[] }>("/store/merchant-categories")
  return categories
})

export async function searchNearby(params: {
  lat: number
  lng: number
  q?: string
  category?: string
  open_now?: boolean
  min_rating?: number
  sort?: string
  limit?: number
  offset?: number
  radius_m?: number
}): Promise<SearchResult> {
  return api<SearchResult>("/store/merchants/search", {
    query: {
      lat: params.lat,
      lng: params.lng,
      q: params.q,
      category: params.category,
      open_now: params.open_now ? "true" : undefined,
      min_rating: params.min_rating,
      sort: params.sort,
      limit: params.limit ?? 20,
      offset: params.offset ?? 0,
      radius_m: params.radius_m ?? 5000,
    },
  })
}

export const getMerchant = cache(async (key: string) => {
  try {
    const { merchant } = await api<{ merchant: any }>(`/store/merchants/${encodeURIComponent(key)}`)
    return merchant
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
})

/** Bookable services of a shop; an older backend without the booking routes simply has none. */
export const getOfferings = cache(async (merchantId: string): Promise<any[]> => {
  try {
    const { offerings } = await api<{ offerings: any[] }>(`/store/merchants/${merchantId}/offerings`)
    return offerings
  } catch (e) {
    if (isNotFound(e)) return []
    throw e
  }
})

/** The 中国 region in CNY; carts are created in it. */
let regionCache: { url: string; id: string } | null = null
export async function getRegionId(): Promise<string> {
  if (regionCache && regionCache.url === backendUrl()) return regionCache.id
  const { regions } = await api<{ regions: any[] }>("/store/regions", { query: { limit: 50 } })
  const region = regions.find((r) => r.currency_code === "cny") ?? regions[0]
  if (!region) throw new Error("没有可用的地区 (no region: run the seed)")
  regionCache = { url: backendUrl(), id: region.id }
  return region.id
}

// A signed-in customer's cart answers only to their token (the backend's ownership rule): every cart
// call sends it when there is one; a guest cart works without.
const CART_FIELDS =
  "*items,*items.variant,*items.product,+items.metadata,*shipping_methods,*payment_collection,*payment_collection.payment_sessions,+metadata,*shipping_address"

export const getCart = cache(async () => {
  const id = await getCartId()
  if (!id) return null
  try {
    const { cart } = await api<{ cart: any }>(`/store/carts/${id}`, { query: { fields: CART_FIELDS }, token: await getToken() })
    if (!cart || cart.completed_at) return null
    return cart
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
})

export async function getCartById(id: string) {
  const { cart } = await api<{ cart: any }>(`/store/carts/${id}`, { query: { fields: CART_FIELDS }, token: await getToken() })
  return cart
}

export async function getCartHolds(cartId: string): Promise<any[]> {
  try {
    const { appointments } = await api<{ appointments: any[] }>(`/store/carts/${cartId}/appointments`, { token: await getToken() })
    return appointments
  } catch (e) {
    if (isNotFound(e)) return []
    throw e
  }
}

export const getCustomer = cache(async () => {
  const token = await getToken()
  if (!token) return null
  try {
    const { customer } = await api<{ customer: any }>("/store/customers/me", { token })
    return customer
  } catch {
    // An expired or foreign token is the same as being signed out.
    return null
  }
})

export async function getOrders(): Promise<any[]> {
  const token = await getToken()
  if (!token) return []
  const { orders } = await api<{ orders: any[] }>("/store/orders", {
    token,
    query: { order: "-created_at", limit: 50, fields: "id,display_id,status,total,currency_code,created_at,*items" },
  })
  return orders
}

export type Money = number
export type OrderLifecycle = {
  order_id: string
  display_id: number | null
  created_at: string | null
  status: "new" | "accepted" | "ready" | "completed" | "rejected" | "cancelled"
  status_label: string
  reason: string | null
  actions: string[]
  shop: { id: string; name: string; slug: string; phone: string | null; address: string } | null
  amounts: {
    currency_code: string
    items: Money
    discount: Money
    shipping: Money
    total: Money
    captured: Money
    refunded: Money
    released?: Money
    discounts: { code: string; amount: Money }[]
  }
  items: { id: string; title: string; variant_title: string | null; quantity: number; unit_price: Money; subtotal: Money; discount: Money; total: Money }[]
  refunds: { id: string; amount: Money; note: string | null; created_at: string }[]
  appointments: any[]
  vouchers: any[]
}

/**
 * The signed-in customer's order as its lifecycle sees it: status, why it was rejected or cancelled,
 * the shop, the amounts and refunds, its appointments and vouchers, and the actions the backend offers
 * now (the page shows those and no others). null when it is not this customer's order.
 */
export async function getOrderLifecycle(id: string): Promise<OrderLifecycle | null> {
  const token = await getToken()
  if (!token) return null
  try {
    const { order } = await api<{ order: any }>(`/store/orders/${encodeURIComponent(id)}/lifecycle`, { token })
    // The backend states money as exact decimal strings ("178.00"); the pages format numbers.
    const num = (x: unknown) => Number(x ?? 0)
    const a = order.amounts ?? {}
    return {
      ...order,
      amounts: {
        ...a,
        items: num(a.items),
        discount: num(a.discount),
        shipping: num(a.shipping),
        total: num(a.total),
        captured: num(a.captured),
        refunded: num(a.refunded),
        released: num(a.released),
        discounts: (a.discounts ?? []).map((d: any) => ({ code: d.code, amount: num(d.amount) })),
      },
      items: (order.items ?? []).map((i: any) => ({
        ...i,
        unit_price: num(i.unit_price),
        subtotal: num(i.subtotal),
        discount: num(i.discount),
        total: num(i.total),
      })),
      refunds: (order.refunds ?? []).map((r: any) => ({ ...r, amount: num(r.amount) })),
    } as OrderLifecycle
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

export async function getAppointments(): Promise<any[]> {
  const token = await getToken()
  if (!token) return []
  try {
    const { appointments } = await api<{ appointments: any[] }>("/store/appointments", { token })
    return appointments
  } catch (e) {
    if (isNotFound(e)) return []
    throw e
  }
}

export async function getPaymentProviders(regionId: string): Promise<string[]> {
  const { payment_providers } = await api<{ payment_providers: { id: string }[] }>("/store/payment-providers", {
    query: { region_id: regionId },
  })
  return payment_providers.map((p) => p.id)
}

export async function getShippingOptions(cartId: string): Promise<any[]> {
  const { shipping_options } = await api<{ shipping_options: any[] }>("/store/shipping-options", { query: { cart_id: cartId }, token: await getToken() })
  return shipping_options
}

/* ───────────── reviews, coupons, points ───────────── */

export type ReviewList = {
  summary: { rating_avg: number; rating_count: number; distribution: Record<string, number>; with_photos: number; sub_scores: Record<string, { avg: number; count: number }> }
  reviews: any[]
  count: number
  limit: number
  offset: number
}

/** A shop's visible reviews; an older backend without reviews simply has none. */
export async function getMerchantReviews(merchantId: string, q: { has_photos?: boolean; sort?: string; offset?: number; limit?: number }): Promise<ReviewList | null> {
  try {
    return await api<ReviewList>(`/store/merchants/${merchantId}/reviews`, {
      token: await getToken(),
      query: { has_photos: q.has_photos ? "true" : undefined, sort: q.sort, offset: q.offset ?? 0, limit: q.limit ?? 10 },
    })
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

/** Coupons of a shop (and the platform's) that can still be claimed; per-customer counts when signed in. */
export async function getShopCoupons(merchantId: string): Promise<any[]> {
  try {
    const { coupons } = await api<{ coupons: any[] }>("/store/coupons", { token: await getToken(), query: { merchant_id: merchantId } })
    return coupons
  } catch (e) {
    if (isNotFound(e)) return []
    throw e
  }
}

/** The signed-in customer's wallet judged against a cart: applicable or not (and why), the discount, the best one. */
export async function getCartCoupons(cartId: string): Promise<{ coupons: any[]; best: any | null } | null> {
  const token = await getToken()
  if (!token) return null
  try {
    return await api<{ coupons: any[]; best: any | null }>(`/store/carts/${cartId}/coupons`, { token })
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

export async function getCartPoints(cartId: string): Promise<any | null> {
  const token = await getToken()
  if (!token) return null
  try {
    const { points } = await api<{ points: any }>(`/store/carts/${cartId}/points`, { token })
    return points
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

export async function getWallet(): Promise<any[]> {
  const token = await getToken()
  if (!token) return []
  const { coupons } = await api<{ coupons: any[] }>("/store/customers/me/coupons", { token })
  return coupons
}

export async function getPointsLedger(): Promise<{ balance: number; entries: any[]; count: number } | null> {
  const token = await getToken()
  if (!token) return null
  return api<{ balance: number; entries: any[]; count: number }>("/store/customers/me/points", { token, query: { limit: 50 } })
}

/** My reviews (hidden ones with the reason) and the completed order lines I may still review. */
export async function getMyReviews(): Promise<{ reviews: any[]; to_review: any[] }> {
  const token = await getToken()
  if (!token) return { reviews: [], to_review: [] }
  return api<{ reviews: any[]; to_review: any[] }>("/store/customers/me/reviews", { token })
}
