import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { pickBest } from "../../../../../modules/coupon/utils/rules"
import { appliedByBatch, couponCodesOn, evaluateWallet, loadCart, type CartCouponState } from "../../../../../workflows/coupon/cart-coupons"
import { applyCartCouponWorkflow, removeCartCouponWorkflow } from "../../../../../workflows/coupon/cart-coupon-workflows"
import { presentBatch } from "../../../../vendor/coupons/helpers"

async function ownCart(req: AuthenticatedMedusaRequest): Promise<CartCouponState> {
  const state = await loadCart(req.scope, req.params.id)
  // Someone else's cart is answered as missing, never described.
  if (state.cart.customer_id !== req.auth_context.actor_id) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `购物车 ${req.params.id} 不存在 (cart not found)`)
  }
  return state
}

async function walletOnCart(req: AuthenticatedMedusaRequest, state: CartCouponState) {
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const coupons = await service.listCustomerCoupons({ customer_id: req.auth_context.actor_id, status: "available" }, { take: 500 })
  const rows = await evaluateWallet(req.scope, state, coupons)
  const best = pickBest(rows)
  const present = (r: (typeof rows)[number]) => {
    // Applied means Medusa's adjustments on this cart come from this coupon; discount and tier are
    // then what the cart really carries, otherwise what the coupon would take off.
    const applied = r.coupon.cart_id === state.cart.id ? appliedByBatch(state, r.batch) : null
    const isApplied = !!applied && applied.codes.length > 0
    const tier = isApplied ? applied!.tier : r.evaluation.tier
    return {
      customer_coupon_id: r.coupon.id,
      applied: isApplied,
      attached: r.coupon.cart_id === state.cart.id,
      applicable: r.evaluation.applicable,
      reason_code: r.evaluation.reason_code,
      reason: r.evaluation.reason,
      discount: isApplied ? applied!.discount : r.evaluation.discount,
      tier: tier ? { min: tier.min, off: tier.off } : null,
      batch: presentBatch(r.batch),
    }
  }
  return {
    cart_id: state.cart.id,
    subtotal: state.facts.subtotal,
    coupons: rows.map(present),
    best: best ? present(best) : null,
  }
}

/**
 * The wallet judged against this cart: applicable or not (with the reason), the discount, and `best`.
 * `attached` = the customer chose this coupon for this cart; `applied` = it discounts the cart now (an
 * attached coupon below its minimum is not applied until the cart reaches it again).
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(await walletOnCart(req, await ownCart(req)))
}

/** Applies one wallet coupon (replacing the one applied before). */
export const POST = async (req: AuthenticatedMedusaRequest<{ customer_coupon_id: string }>, res: MedusaResponse) => {
  await ownCart(req)
  await applyCartCouponWorkflow(req.scope).run({
    input: { cart_id: req.params.id, customer_coupon_id: req.validatedBody.customer_coupon_id, customer_id: req.auth_context.actor_id },
  })
  res.json(await walletOnCart(req, await ownCart(req)))
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const state = await ownCart(req)
  await removeCartCouponWorkflow(req.scope).run({ input: { cart_id: state.cart.id, promo_codes: couponCodesOn(state) } })
  res.json(await walletOnCart(req, await ownCart(req)))
}
