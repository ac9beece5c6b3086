import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { conflictError } from "../../modules/booking/utils/errors"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { applyCartCouponWorkflow } from "./cart-coupon-workflows"
import { appliedByBatch, evaluateWallet, loadCart, type CartCouponState } from "./cart-coupons"
import { batchCodes } from "./promotion-data"

/**
 * How long after a payment session was opened the coupon's validity is still judged at that moment.
 * It matches the gateways' own QR lifetime (Alipay `timeout_express` 2h, WeChat Pay's code_url 2h): a
 * customer who scanned while the coupon was valid pays the amount shown, even if the coupon ends while
 * the gateway's callback is on its way. A session older than that is judged now.
 */
export const PAYMENT_WINDOW_MS = 2 * 3600 * 1000

export const COUPON_MOVED =
  "优惠券已被使用或已移到其他购物车，请移除后再结算 (the coupon was used or moved to another cart; remove it to check out)"

/** The moment a coupon's validity is judged at checkout: when the customer started paying, if recent. */
export function judgedAt(state: CartCouponState, now = new Date()) {
  const at = state.cart.payment_session_at
  return at && now.getTime() - at.getTime() <= PAYMENT_WINDOW_MS ? at : now
}

async function attachedCoupon(container: MedusaContainer, cartId: string) {
  const service: CouponModuleService = container.resolve(COUPON_MODULE)
  const [attached] = await service.listCustomerCoupons({ cart_id: cartId, status: "available" })
  return attached ?? null
}

/**
 * Before a payment session is opened — the last moment the amount may still change — the cart's coupon
 * is judged again: expired, used, moved to another cart, no longer new-customer, or the cart below the
 * minimum → 400 with the reason, and no session (nothing to pay). When Medusa's adjustments are not
 * the ones the coupon should give (a batch from before automatic tiers, or a coupon left from another
 * cart), the coupon is applied again here, so the session is opened for the final amount. QR payments
 * are completed by the gateway's callback without passing /complete: this is where they are checked.
 */
export async function prepareCouponForPayment(container: MedusaContainer, cartId: string) {
  let state = await loadCart(container, cartId)
  if (state.cart.completed_at) return
  const attached = await attachedCoupon(container, cartId)
  if (!attached) {
    if (state.cart.coupon_adjustments.size) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, COUPON_MOVED)
    return
  }
  const [{ evaluation, batch }] = await evaluateWallet(container, state, [attached])
  if (!evaluation.applicable) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, evaluation.reason!)
  const own = new Set(batchCodes(batch))
  const inSync = () => {
    const applied = appliedByBatch(state, batch)
    const foreign = [...state.cart.coupon_adjustments.keys()].some((c) => !own.has(c))
    return !foreign && applied.codes.length === 1 && applied.codes[0] === evaluation.code
  }
  if (inSync()) return
  await applyCartCouponWorkflow(container).run({
    input: { cart_id: cartId, customer_coupon_id: attached.id, customer_id: attached.customer_id },
  })
  state = await loadCart(container, cartId)
  if (!inSync()) {
    throw conflictError("优惠券优惠有变，请刷新购物车后再付款 (the coupon's discount changed; refresh the cart before paying)")
  }
}

/**
 * At /complete the amount was fixed when the payment session was opened (a cart change deletes the
 * sessions), and a QR customer may already have paid it: nothing is re-priced here. The coupon is
 * only checked for what the checkout step would refuse anyway — moved or used elsewhere, or expired
 * before the customer started paying — so the customer reads why before any payment is authorised.
 */
export async function checkCouponAtCompletion(container: MedusaContainer, cartId: string) {
  const state = await loadCart(container, cartId)
  if (state.cart.completed_at) return
  const attached = await attachedCoupon(container, cartId)
  if (!attached) {
    if (state.cart.coupon_adjustments.size) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, COUPON_MOVED)
    return
  }
  if (!state.cart.coupon_adjustments.size) return
  const [{ evaluation }] = await evaluateWallet(container, state, [attached], { now: judgedAt(state) })
  if (evaluation.reason_code === "expired" || evaluation.reason_code === "used") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, evaluation.reason!)
  }
}
