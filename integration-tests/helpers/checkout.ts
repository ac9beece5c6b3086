import type { AxiosInstance } from "axios"

export const SHANGHAI_ADDRESS = {
  first_name: "小",
  last_name: "明",
  address_1: "人民大道 1 号",
  city: "上海",
  country_code: "cn",
  phone: "13900000000",
}

/**
 * Picks one of the seeded shipping options (到店自取 pickup, 同城配送 delivery) for the cart, as the
 * storefront's checkout does for goods; the cart needs its address first. Returns the option.
 */
export async function chooseShipping(
  api: AxiosInstance,
  headers: { headers: Record<string, string> },
  cartId: string,
  name: "到店自取" | "同城配送" = "到店自取"
) {
  const { data } = await api.get(`/store/shipping-options?cart_id=${cartId}`, headers)
  const option = data.shipping_options.find((o: any) => o.name === name)
  if (!option) throw new Error(`no shipping option ${name} for cart ${cartId}`)
  await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: option.id }, headers)
  return option
}

/**
 * The storefront's checkout over the store API with Medusa's system payment provider: address, a
 * shipping method when `shipping` names one (goods need it), payment collection, session, complete.
 * Returns the completion response (an order, or the cart with an error).
 */
export async function payAndComplete(
  api: AxiosInstance,
  headers: { headers: Record<string, string> },
  cartId: string,
  opts: { shipping?: "到店自取" | "同城配送" } = {}
) {
  await api.post(`/store/carts/${cartId}`, { shipping_address: SHANGHAI_ADDRESS }, headers)
  if (opts.shipping) await chooseShipping(api, headers, cartId, opts.shipping)
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, headers)
  await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, headers)
  return api.post(`/store/carts/${cartId}/complete`, {}, headers)
}
