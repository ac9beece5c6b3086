import { ContainerRegistrationKeys, MedusaError, PromotionActions } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { batchCodes, COUPON_CONTEXT_ATTRIBUTE, isCouponCode } from "../coupon/promotion-data"

/**
 * Medusa's promotion context knows nothing of shops or wallets. Coupon promotions carry the rules
 * `merchant_id = <shop>` (cart), `items.merchant_id = <shop>` (lines) and `tcq_coupon_batch = <batch>`
 * (the wallet coupon attached to this cart): this adds the three attributes, read from the merchant ↔
 * cart and merchant ↔ product links and from the wallet, every time Medusa computes a cart's
 * promotions (applying a coupon, and each refresh after the cart's items change). Because the coupon
 * promotions are automatic, this is what lets Medusa re-pick the 满减 tier on every refresh.
 */
updateCartPromotionsWorkflow.hooks.setPromotionContext(async ({ cart }, { container }) => {
  const items = ((cart as any)?.items ?? []) as any[]
  if (!items.length) return new StepResponse({})
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const productIds = [...new Set(items.map((i) => i?.product_id).filter(Boolean))] as string[]
  const byProduct = new Map<string, string>()
  if (productIds.length) {
    const { data } = await query.graph({ entity: "product", fields: ["id", "merchant.id"], filters: { id: productIds } })
    for (const p of data as any[]) if (p.merchant?.id) byProduct.set(p.id, p.merchant.id)
  }
  const { data: carts } = await query.graph({ entity: "cart", fields: ["id", "merchant.id"], filters: { id: (cart as any).id } })
  const merchantId = (carts[0] as any)?.merchant?.id ?? null
  const service: CouponModuleService = container.resolve(COUPON_MODULE)
  const [attached] = await service.listCustomerCoupons({ cart_id: (cart as any).id, status: "available" }, { select: ["batch_id"] })
  // A hook's result must come back as a StepResponse, or Medusa ignores it. Null attributes are left
  // out of Medusa's rule matching, so a cart without a coupon matches no coupon promotion.
  return new StepResponse({
    merchant_id: merchantId,
    [COUPON_CONTEXT_ATTRIBUTE]: attached?.batch_id ?? null,
    items: items.map((i) => ({ ...i, merchant_id: byProduct.get(i?.product_id) ?? null })),
  })
})

/**
 * A coupon code is not a public promo code: it goes onto a cart only through the wallet
 * (POST /store/carts/:id/coupons), which attaches the customer's coupon before applying its code.
 * Codes already on the cart pass (Medusa re-applies them on every refresh), and so do the codes of the
 * attached coupon's batch (another 满减 tier of the same coupon).
 */
updateCartPromotionsWorkflow.hooks.validate(async ({ input, cart }, { container }) => {
  const action = (input as any).action ?? PromotionActions.ADD
  if (action === PromotionActions.REMOVE) return
  const onCart = new Set((((cart as any)?.promotions ?? []) as any[]).map((p) => p?.code))
  const fresh = (((input as any).promo_codes ?? []) as string[]).filter((c) => isCouponCode(c) && !onCart.has(c))
  if (!fresh.length) return
  const service: CouponModuleService = container.resolve(COUPON_MODULE)
  const attached = await service.listCustomerCoupons({ cart_id: (cart as any).id, status: "available" })
  const batches = attached.length ? await service.listCouponBatches({ id: attached.map((c: any) => c.batch_id) }) : []
  const allowed = new Set(batches.flatMap((b: any) => batchCodes(b)))
  for (const code of fresh) {
    if (!allowed.has(code)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `优惠券 ${code} 需先领取，再通过 POST /store/carts/:id/coupons 使用 (claim the coupon and apply it through POST /store/carts/:id/coupons)`
      )
    }
  }
})
