import { cookies } from "next/headers"
import { parsePlace, type Place } from "./places"

const CART = "tc_cart"
const TOKEN = "tc_jwt"
export const PLACE = "tc_loc"

// Secure cookies only when the shop is served over HTTPS (STOREFRONT_URL), so plain http://localhost works.
const secure = () => (process.env["STOREFRONT_URL"] ?? "").startsWith("https://")
const base = () => ({ httpOnly: true, sameSite: "lax" as const, path: "/", secure: secure() })

export async function getToken() {
  return (await cookies()).get(TOKEN)?.value ?? null
}
export async function setToken(token: string) {
  ;(await cookies()).set(TOKEN, token, { ...base(), maxAge: 60 * 60 * 24 * 7 })
}
export async function clearToken() {
  ;(await cookies()).delete(TOKEN)
}

export async function getCartId() {
  return (await cookies()).get(CART)?.value ?? null
}
export async function setCartId(id: string) {
  ;(await cookies()).set(CART, id, { ...base(), maxAge: 60 * 60 * 24 * 30 })
}
export async function clearCartId() {
  ;(await cookies()).delete(CART)
}

export async function getPlace(): Promise<Place> {
  return parsePlace((await cookies()).get(PLACE)?.value)
}

// The shop clerk's token (actor `merchant`) is kept apart from a customer's: one browser may be both.
const MERCHANT_TOKEN = "tc_mjwt"
export async function getMerchantToken() {
  return (await cookies()).get(MERCHANT_TOKEN)?.value ?? null
}
export async function setMerchantToken(token: string) {
  ;(await cookies()).set(MERCHANT_TOKEN, token, { ...base(), maxAge: 60 * 60 * 12 })
}
export async function clearMerchantToken() {
  ;(await cookies()).delete(MERCHANT_TOKEN)
}
