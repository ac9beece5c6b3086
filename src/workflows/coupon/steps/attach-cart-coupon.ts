import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

type Previous = { id: string; cart_id: string | null; code: string | null }[]

export const attachCartCouponStep = createStep(
  "attach-cart-coupon",
  async (input: { cart_id: string; customer_coupon_id: string; code: string }, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const previous = await service.attachToCart({ coupon_id: input.customer_coupon_id, cart_id: input.cart_id, code: input.code })
    return new StepResponse(undefined, previous as Previous)
  },
  async (previous, { container }) => {
    if (!previous) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.restoreCartLinks(previous)
  }
)

export const detachCartCouponStep = createStep(
  "detach-cart-coupon",
  async (input: { cart_id: string }, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const previous = await service.detachFromCart(input.cart_id)
    return new StepResponse(previous, previous as Previous)
  },
  async (previous, { container }) => {
    if (!previous?.length) return
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.restoreCartLinks(previous)
  }
)
