import { revalidatePath } from "next/cache"
import { api } from "./medusa"
import { clearCartId } from "./session"

/**
 * Places the order for a paid cart. Medusa asks the provider once more whether the money is there (Stripe:
 * the PaymentIntent's status), so completing early fails with the backend's message and no order. A cart
 * the gateway's callback already completed answers with that same order.
 *
 * Called from server actions and the card return route only: it changes cookies.
 */
export async function completeCart(cartId: string, token: string | null): Promise<string> {
  const res = await api<any>(`/store/carts/${cartId}/complete`, { method: "POST", token })
  if (res.type !== "order") throw new Error(res.error?.message ?? "订单未能提交 (the order could not be placed)")
  await clearCartId()
  revalidatePath("/", "layout")
  return res.order.id
}
