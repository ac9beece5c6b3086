import { MathBN } from "@medusajs/framework/utils"
import { refreshPaymentCollectionForCartWorkflow } from "@medusajs/medusa/core-flows"
import { refusePaidTrades } from "../../lib/gateway-provider"

/**
 * A cart whose total changes (an item added, a coupon or points applied) makes Medusa drop its payment
 * sessions and re-price the collection. Once the customer has paid a trade that must not happen: the
 * provider's refusal to close it would only be logged, the session would stay at the old amount, and
 * Medusa's checkout would then place the changed cart on the smaller payment. The change is refused
 * instead, before the cart moves (the workflow undoes the item it added).
 */
refreshPaymentCollectionForCartWorkflow.hooks.validate(async ({ cart }, { container }) => {
  const c = cart as any
  const pc = c?.payment_collection
  if (!pc?.id || !pc.payment_sessions?.length) return
  const repriced = !MathBN.eq(pc.raw_amount ?? pc.amount ?? -1, c.raw_total ?? c.total ?? 0) || pc.currency_code !== c.currency_code
  if (repriced) await refusePaidTrades(container, pc.id)
})
