"use server"

import { cookies } from "next/headers"
import { revalidatePath } from "next/cache"
import { redirect } from "next/navigation"
import { api, errorMessage, errorStatus } from "./medusa"
import { completeCart } from "./checkout"
import { getCart, getCartById, getCustomer, getPaymentProviders, getRegionId } from "./data"
import { sessionData, usableProviders } from "./payments"
import { clearCartId, clearToken, getCartId, getPlace, getToken, PLACE, setCartId, setToken } from "./session"
import { PLACES, serializePlace } from "./places"
import { fail, settle, type ActionResult } from "./action-result"

export type { ActionResult } from "./action-result"

const localized = (locale: string, path: string) => (locale === "en" ? `/en${path === "/" ? "" : path}` : path)

/* ───────────── location ───────────── */

/** A preset area, or the browser's position (WGS-84), which the backend converts to GCJ-02 for us. */
export async function setLocation(input: { key: string } | { lat: number; lng: number }): Promise<ActionResult> {
  try {
    let place
    if ("key" in input) {
      const def = PLACES.find((p) => p.key === input.key)
      if (!def) return { ok: false, error: "未知区域 (unknown area)" }
      place = { lat: def.lat, lng: def.lng, key: def.key }
    } else {
      const { center } = await api<{ center: { lat: number; lng: number } }>("/store/merchants/search", {
        query: { lat: input.lat, lng: input.lng, coord_system: "wgs84", limit: 1, radius_m: 1 },
      })
      place = { lat: center.lat, lng: center.lng, key: "mine" }
    }
    ;(await cookies()).set(PLACE, serializePlace(place), { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 30 })
    revalidatePath("/", "layout")
    return { ok: true }
  } catch (e) {
    return fail(e)
  }
}

/* ───────────── cart ───────────── */

async function ensureCart(): Promise<string> {
  const existing = await getCart()
  if (existing) return existing.id
  const token = await getToken()
  const customer = await getCustomer()
  const { cart } = await api<{ cart: any }>("/store/carts", {
    method: "POST",
    token: customer ? token : null,
    body: { region_id: await getRegionId(), ...(customer ? { email: customer.email } : {}) },
  })
  await setCartId(cart.id)
  return cart.id
}

export async function addToCart(variantId: string, quantity = 1): Promise<ActionResult> {
  return settle(async () => {
    const cartId = await ensureCart()
    await api(`/store/carts/${cartId}/line-items`, { method: "POST", body: { variant_id: variantId, quantity }, token: await getToken() })
  })
}

export async function updateLineItem(lineId: string, quantity: number): Promise<ActionResult> {
  try {
    const cartId = await getCartId()
    if (!cartId) return { ok: false, error: "购物车不存在 (no cart)" }
    const token = await getToken()
    if (quantity <= 0) await api(`/store/carts/${cartId}/line-items/${lineId}`, { method: "DELETE", token })
    else await api(`/store/carts/${cartId}/line-items/${lineId}`, { method: "POST", body: { quantity }, token })
    revalidatePath("/", "layout")
    return { ok: true }
  } catch (e) {
    return fail(e)
  }
}

export async function emptyCart(): Promise<ActionResult> {
  // A fresh cart is the simplest way to drop held slots too: unpaid holds expire on their own.
  await clearCartId()
  revalidatePath("/", "layout")
  return { ok: true }
}

/* ───────────── booking ───────────── */

export type Slot = { start_at: string; end_at: string; remaining: number }

/** Free slots over several days in one request, so the day strip can show which days still have room. */
export async function getAvailability(merchantId: string, offeringId: string, from: string, to: string, partySize?: number): Promise<ActionResult<{ slots: Slot[] }>> {
  try {
    const res = await api<{ slots: Slot[] }>(`/store/merchants/${merchantId}/availability`, {
      query: { offering: offeringId, date: from, to, party_size: partySize },
    })
    return { ok: true, slots: res.slots }
  } catch (e) {
    return fail(e)
  }
}

export async function holdSlot(input: {
  offering_id: string
  start_at: string
  party_size?: number
  address?: { address_1: string } | null
}): Promise<ActionResult<{ appointment_id: string }>> {
  try {
    // An at-home visit is checked against the shop's service radius from where the visitor is.
    const place = input.address ? await getPlace() : null
    const address = input.address && place ? { ...input.address, lat: place.lat, lng: place.lng, coord_system: "gcj02" } : null
    const cartId = await ensureCart()
    const { appointment } = await api<{ appointment: any }>(`/store/carts/${cartId}/appointments`, {
      method: "POST",
      token: await getToken(),
      body: {
        offering_id: input.offering_id,
        start_at: input.start_at,
        ...(input.party_size ? { party_size: input.party_size } : {}),
        ...(address ? { address } : {}),
      },
    })
    revalidatePath("/", "layout")
    return { ok: true, appointment_id: appointment.id }
  } catch (e) {
    return fail(e)
  }
}

export async function rescheduleAppointment(id: string, startAt: string): Promise<ActionResult> {
  return settle(async () => {
    const token = await getToken()
    await api(`/store/appointments/${id}/reschedule`, { method: "POST", token, body: { start_at: startAt } })
  })
}

export async function cancelAppointment(id: string): Promise<ActionResult> {
  return settle(async () => {
    const token = await getToken()
    await api(`/store/appointments/${id}/cancel`, { method: "POST", token, body: {} })
  })
}

/* ───────────── orders and vouchers ───────────── */

/** 取消订单: the whole order, while the shop has not taken it on; the backend refuses otherwise with its reason. */
export async function cancelOrder(id: string, reason?: string): Promise<ActionResult> {
  return settle(async () => {
    const token = await getToken()
    await api(`/store/orders/${encodeURIComponent(id)}/cancel`, { method: "POST", token, body: reason?.trim() ? { reason: reason.trim() } : {} })
  })
}

/** 退款 of one unused voucher (团购券), as its product's rules allow. */
export async function refundVoucher(id: string): Promise<ActionResult> {
  return settle(async () => {
    const token = await getToken()
    await api(`/store/vouchers/${encodeURIComponent(id)}/refund`, { method: "POST", token, body: {} })
  })
}

/* ───────────── account ───────────── */

/** Gives the guest cart (and the slots held in it) to the customer who just signed in. */
async function adoptCart(token: string) {
  const cartId = await getCartId()
  if (!cartId) return
  try {
    await api(`/store/carts/${cartId}/customer`, { method: "POST", token })
  } catch {
    // A cart that cannot be transferred (completed, another customer's) is simply left behind.
    await clearCartId()
  }
}

async function login(email: string, password: string) {
  const { token } = await api<{ token: string }>("/auth/customer/emailpass", { method: "POST", body: { email, password } })
  return token
}

export type FormState = { error?: string; ok?: boolean } | undefined

export async function signIn(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get("email") ?? "").trim().toLowerCase()
  const password = String(form.get("password") ?? "")
  const next = String(form.get("next") ?? "")
  const locale = String(form.get("locale") ?? "zh-CN")
  try {
    const token = await login(email, password)
    await setToken(token)
    await adoptCart(token)
  } catch (e) {
    return { error: errorStatus(e) === 401 ? "邮箱或密码不正确 (wrong e-mail or password)" : errorMessage(e) }
  }
  revalidatePath("/", "layout")
  redirect(next.startsWith("/") ? next : localized(locale, "/account"))
}

export async function signUp(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get("email") ?? "").trim().toLowerCase()
  const password = String(form.get("password") ?? "")
  const first_name = String(form.get("first_name") ?? "").trim()
  const last_name = String(form.get("last_name") ?? "").trim()
  const phone = String(form.get("phone") ?? "").trim()
  const next = String(form.get("next") ?? "")
  const locale = String(form.get("locale") ?? "zh-CN")
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return { error: "email: 邮箱格式不正确 (invalid e-mail)" }
  if (password.length < 8) return { error: "password: 密码至少 8 位 (at least 8 characters)" }
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) return { error: "phone: 手机号应为 11 位 (11-digit mobile number)" }
  try {
    let registration: string
    try {
      registration = (await api<{ token: string }>("/auth/customer/emailpass/register", { method: "POST", body: { email, password } })).token
    } catch (e) {
      if (errorStatus(e) === 401 || /exist/i.test(errorMessage(e))) return { error: "该邮箱已注册，请直接登录 (this e-mail is already registered)" }
      throw e
    }
    await api("/store/customers", {
      method: "POST",
      token: registration,
      body: { email, first_name: first_name || undefined, last_name: last_name || undefined, phone: phone || undefined },
    })
    // The registration token has no customer yet; a fresh login carries the new customer's id.
    const token = await login(email, password)
    await setToken(token)
    await adoptCart(token)
  } catch (e) {
    return { error: errorMessage(e) }
  }
  revalidatePath("/", "layout")
  redirect(next.startsWith("/") ? next : localized(locale, "/account"))
}

export async function signOut(locale: string) {
  await clearToken()
  await clearCartId()
  revalidatePath("/", "layout")
  redirect(localized(locale, "/"))
}

/* ───────────── checkout & payment ───────────── */

const PHONE = /^1[3-9]\d{9}$/

export async function placeOrder(_prev: FormState, form: FormData): Promise<FormState> {
  const locale = String(form.get("locale") ?? "zh-CN")
  const name = String(form.get("name") ?? "").trim()
  const phone = String(form.get("phone") ?? "").replace(/[\s-]/g, "")
  const street = String(form.get("street") ?? "").trim()
  const district = String(form.get("district") ?? "").trim()
  const city = String(form.get("city") ?? "").trim()
  const needsAddress = form.get("needs_address") === "1"
  const shippingOption = String(form.get("shipping_option") ?? "")
  const provider = String(form.get("provider") ?? "")
  if (!name) return { error: "name: 请填写联系人 (enter a contact name)" }
  if (!PHONE.test(phone)) return { error: "phone: 手机号应为 11 位 (phone must be an 11-digit mobile number)" }
  if (needsAddress && !city) return { error: "city: 请填写城市 (enter the city)" }
  if (needsAddress && !street) return { error: "address: 请填写地址 (enter the address)" }
  if (!provider) return { error: "provider: 请选择支付方式 (choose a payment method)" }

  let orderId: string | null = null
  try {
    const token = await getToken()
    const customer = await getCustomer()
    if (!customer || !token) return { error: "请先登录 (please sign in)" }
    const cart = await getCart()
    if (!cart || !cart.items?.length) return { error: "购物车是空的 (the cart is empty)" }
    // The form only lists what can work here; a stale page or a hand-made post may still name another.
    if (!usableProviders(await getPaymentProviders(cart.region_id)).includes(provider)) {
      return { error: "provider: 该支付方式当前不可用，请换一种 (this payment method is not available; choose another)" }
    }
    if (cart.customer_id !== customer.id) await api(`/store/carts/${cart.id}/customer`, { method: "POST", token })

    const address = {
      first_name: name,
      last_name: "",
      phone,
      country_code: "cn",
      city: city || undefined,
      address_1: street || undefined,
      address_2: district || undefined,
    }
    await api(`/store/carts/${cart.id}`, {
      method: "POST",
      token,
      body: { email: customer.email, shipping_address: address, billing_address: address, metadata: { contact_name: name, contact_phone: phone } },
    })
    if (shippingOption) {
      await api(`/store/carts/${cart.id}/shipping-methods`, { method: "POST", token, body: { option_id: shippingOption } })
    }

    const fresh = await getCartById(cart.id)
    let pcId: string = fresh.payment_collection?.id
    if (!pcId) {
      const { payment_collection } = await api<{ payment_collection: any }>("/store/payment-collections", {
        method: "POST",
        token,
        body: { cart_id: cart.id },
      })
      pcId = payment_collection.id
    }
    await api(`/store/payment-collections/${pcId}/payment-sessions`, {
      method: "POST",
      token,
      body: { provider_id: provider, data: sessionData(provider) },
    })

    if (provider === "pp_system_default") {
      orderId = await completeCart(cart.id, token)
    }
  } catch (e) {
    return { error: errorMessage(e) }
  }
  if (orderId) redirect(localized(locale, `/orders/${orderId}`))
  redirect(localized(locale, "/checkout/pay"))
}

/** Polled while a QR code is shown; the gateway's callback places the order, or we complete the cart once paid. */
export async function checkPayment(
  paymentCollectionId: string,
  cartId: string
): Promise<ActionResult<{ paid: boolean; order_id: string | null; final_message: string | null }>> {
  try {
    // Checkout needs a signed-in customer, whose token is what the backend shows a payment's outcome to.
    const { payment_status } = await api<{ payment_status: any }>(`/store/payment-collections/${paymentCollectionId}/payment-status`, {
      token: await getToken(),
    })
    // The backend's message is final: the money is on its way back or the trade was closed unpaid.
    if (!payment_status.paid) return { ok: true, paid: false, order_id: null, final_message: payment_status.message ?? null }
    // The gateway's notification is placing the order right now: wait for it rather than race it.
    if (payment_status.settling) return { ok: true, paid: false, order_id: null, final_message: null }
    let orderId = payment_status.order_id as string | null
    if (!orderId) orderId = await completeCart(cartId, await getToken())
    else if ((await getCartId()) === cartId) await clearCartId()
    return { ok: true, paid: true, order_id: orderId, final_message: null }
  } catch (e) {
    return fail(e)
  }
}

/* ───────────── coupons and points ───────────── */

export async function claimCoupon(batchId: string): Promise<ActionResult> {
  try {
    const token = await getToken()
    if (!token) return { ok: false, error: "请先登录 (sign in first)", status: 401 }
    await api(`/store/coupons/${batchId}/claim`, { method: "POST", token })
    revalidatePath("/", "layout")
    return { ok: true }
  } catch (e) {
    return fail(e)
  }
}

/** Applies one wallet coupon to the current cart (replacing another), or removes it with null. */
export async function setCartCoupon(customerCouponId: string | null): Promise<ActionResult> {
  try {
    const token = await getToken()
    const cartId = await getCartId()
    if (!token || !cartId) return { ok: false, error: "请先登录 (sign in first)", status: 401 }
    if (customerCouponId) await api(`/store/carts/${cartId}/coupons`, { method: "POST", token, body: { customer_coupon_id: customerCouponId } })
    else await api(`/store/carts/${cartId}/coupons`, { method: "DELETE", token })
    revalidatePath("/", "layout")
    return { ok: true }
  } catch (e) {
    return fail(e)
  }
}

/** Uses `points` on the current cart (0 stops using them). */
export async function setCartPoints(points: number): Promise<ActionResult> {
  try {
    const token = await getToken()
    const cartId = await getCartId()
    if (!token || !cartId) return { ok: false, error: "请先登录 (sign in first)", status: 401 }
    if (points > 0) await api(`/store/carts/${cartId}/points`, { method: "POST", token, body: { points } })
    else await api(`/store/carts/${cartId}/points`, { method: "DELETE", token })
    revalidatePath("/", "layout")
    return { ok: true }
  } catch (e) {
    return fail(e)
  }
}

/* ───────────── reviews ───────────── */

export async function submitReview(_prev: FormState, form: FormData): Promise<FormState> {
  const token = await getToken()
  if (!token) return { error: "请先登录 (sign in first)" }
  const rating = Number(form.get("rating"))
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { error: "rating: 请选择 1–5 星 (choose 1 to 5 stars)" }
  const sub_scores: Record<string, number> = {}
  for (const [k, v] of form.entries()) {
    // Sub-scores are optional: an untouched select sends "".
    if (k.startsWith("sub_") && v !== "") sub_scores[k.slice(4)] = Number(v)
  }
  const text = String(form.get("text") ?? "").trim()
  try {
    await api("/store/reviews", {
      method: "POST",
      token,
      body: {
        order_id: String(form.get("order_id") ?? ""),
        line_item_id: String(form.get("line_item_id") ?? ""),
        rating,
        ...(Object.keys(sub_scores).length ? { sub_scores } : {}),
        ...(text ? { text } : {}),
        is_anonymous: form.get("is_anonymous") === "on",
      },
    })
  } catch (e) {
    return { error: errorMessage(e) }
  }
  revalidatePath("/", "layout")
  // The reviewed line leaves the to-review list (and its form with it): the page says it was posted.
  redirect(localized(String(form.get("locale") ?? "zh-CN"), "/account/reviews?posted=1"))
}
