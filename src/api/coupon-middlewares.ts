import {
  authenticate,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../modules/coupon"
import type CouponModuleService from "../modules/coupon/service"
import { applyCartCouponWorkflow } from "../workflows/coupon/cart-coupon-workflows"
import { couponCodesOn, evaluateWallet, loadCart } from "../workflows/coupon/cart-coupons"
import { ApplyCoupon, CreateCoupon, ListCoupons, StoreListCoupons, UpdateCoupon } from "./vendor/coupons/validators"

const merchantAuth = authenticate("merchant", ["session", "bearer"])
const customerAuth = authenticate("customer", ["session", "bearer"])
// Anyone browsing a shop may see its coupons; claiming needs a signed-in customer.
const optionalCustomerAuth = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })
const list = validateAndTransformQuery(ListCoupons, {})

/**
 * Before checkout, the cart's coupon is judged again: expired, used elsewhere, or the cart no longer
 * reaching the minimum → 400 with the reason, before any payment is authorised. When the cart now
 * reaches a different 满减 tier, the right tier is applied. (The checkout step still decides in a race.)
 */
async function checkCouponBeforeCompletion(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const state = await loadCart(req.scope, req.params.id)
    if (state.cart.completed_at) return next()
    const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
    const [attached] = await service.listCustomerCoupons({ cart_id: state.cart.id, status: "available" })
    const onCart = couponCodesOn(state)
    if (!attached) {
      if (onCart.length) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          "优惠券已被使用或已移到其他购物车，请移除后再结算 (the coupon was used or moved to another cart; remove it to check out)"
        )
      }
      return next()
    }
    const [{ evaluation }] = await evaluateWallet(req.scope, state, [attached])
    if (!evaluation.applicable) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, evaluation.reason!)
    if (!onCart.includes(evaluation.code!) || onCart.length !== 1) {
      await applyCartCouponWorkflow(req.scope).run({
        input: { cart_id: state.cart.id, customer_coupon_id: attached.id, customer_id: attached.customer_id },
      })
    }
    next()
  } catch (e) {
    next(e)
  }
}

/** Routes of the coupon domain: /vendor/coupons, /admin/coupons, /store/coupons and the cart's coupons. */
export const couponMiddlewares: MiddlewareRoute[] = [
  { matcher: "/vendor/coupons*", middlewares: [merchantAuth] },
  { matcher: "/vendor/coupons", methods: ["GET"], middlewares: [list] },
  { matcher: "/vendor/coupons", methods: ["POST"], middlewares: [validateAndTransformBody(CreateCoupon)] },
  { matcher: "/vendor/coupons/:id", methods: ["POST"], middlewares: [validateAndTransformBody(UpdateCoupon)] },

  { matcher: "/admin/coupons", methods: ["GET"], middlewares: [list] },
  { matcher: "/admin/coupons", methods: ["POST"], middlewares: [validateAndTransformBody(CreateCoupon)] },
  { matcher: "/admin/coupons/:id", methods: ["POST"], middlewares: [validateAndTransformBody(UpdateCoupon)] },

  { matcher: "/store/coupons", methods: ["GET"], middlewares: [optionalCustomerAuth, validateAndTransformQuery(StoreListCoupons, {})] },
  { matcher: "/store/coupons/:batch_id/claim", middlewares: [customerAuth] },
  { matcher: "/store/customers/me/coupons", middlewares: [customerAuth] },
  { matcher: "/store/carts/:id/coupons", middlewares: [customerAuth] },
  { matcher: "/store/carts/:id/coupons", methods: ["POST"], middlewares: [validateAndTransformBody(ApplyCoupon)] },
  { matcher: "/store/carts/:id/complete", methods: ["POST"], middlewares: [checkCouponBeforeCompletion] },
]
