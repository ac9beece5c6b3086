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
 * The storefront's checkout over the store API with Medusa's system payment provider: address, payment
 * collection, session, complete. Returns the completion response (an order, or the cart with an error).
 */
export async function payAndComplete(api: AxiosInstance, headers: { headers: Record<string, string> }, cartId: string) {
  await api.post(`/store/carts/${cartId}`, { shipping_address: SHANGHAI_ADDRESS }, headers)
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, headers)
  await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, headers)
  return api.post(`/store/carts/${cartId}/complete`, {}, headers)
}
