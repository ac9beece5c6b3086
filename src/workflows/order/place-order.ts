import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type MerchantModuleService from "../../modules/merchant/service"
import { completeMerchantCartWorkflow } from "../merchant/complete-merchant-cart"

/** How long a second caller waits for the first to finish placing the same cart's order (seconds). */
const WAIT_SECONDS = 60

export type PlaceOrderResult = { order_id: string; placed_now: boolean; error?: undefined } | { order_id?: undefined; placed_now?: undefined; error: any }

/** The order a cart became, if any (Medusa's order ↔ cart link). */
export async function orderOfCart(container: MedusaContainer, cartId: string): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return (data[0] as any)?.order_id
}

/**
 * Every way a cart becomes an order goes through here: the storefront's complete, the gateway's paid
 * notification, the reconciliation job. One lock per cart through Medusa's locking module (Redis across
 * instances in production) — the same key Medusa's own completeCartWorkflow takes, which it skips when it
 * runs nested inside ours — so two paths never run the checkout at once. Whoever comes second finds the
 * order the first one placed and gets it back instead of an error: a losing run can therefore never be
 * mistaken for a business refusal that sends the winner's money back.
 */
export async function placeOrder(container: MedusaContainer, cartId: string): Promise<PlaceOrderResult> {
  const locking = container.resolve(Modules.LOCKING)
  let job: Promise<PlaceOrderResult> | undefined
  try {
    return await locking.execute(
      cartId,
      () => {
        job = placeLocked(container, cartId)
        return job
      },
      { timeout: WAIT_SECONDS }
    )
  } catch (e: any) {
    if (job) throw e
    // The lock was not had in time: another checkout of this cart is still running.
    throw new MedusaError(MedusaError.Types.CONFLICT, "购物车正在结算中，请稍候刷新 (the cart is already being completed)")
  }
}

async function placeLocked(container: MedusaContainer, cartId: string): Promise<PlaceOrderResult> {
  const existing = await orderOfCart(container, cartId)
  if (existing && (await settledOnShopSide(container, existing))) return { order_id: existing, placed_now: false }
  const we = container.resolve(Modules.WORKFLOW_ENGINE)
  const { errors, result } = await we.run(completeMerchantCartWorkflow.getName(), {
    input: { id: cartId },
    throwOnError: false,
  })
  if (errors?.length) {
    // A run that failed after another one (in another process without the lock, or Medusa's own) placed
    // the order is not a refusal: the order stands.
    const after = await orderOfCart(container, cartId)
    if (after && (await settledOnShopSide(container, after))) return { order_id: after, placed_now: false }
    return { error: errors[0].error }
  }
  return { order_id: (result as any).id, placed_now: !existing }
}

async function settledOnShopSide(container: MedusaContainer, orderId: string) {
  const merchants: MerchantModuleService = container.resolve(MERCHANT_MODULE)
  return merchants.isOrderSettled(orderId)
}
