import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { upgradeCouponPromotions } from "../workflows/coupon/upgrade-promotions"

/** Run once by `medusa db:migrate`: coupon batches issued before automatic 满减 tiers get them too. */
export default async function couponAutomaticPromotions({ container }: { container: MedusaContainer }) {
  const changed = await upgradeCouponPromotions(container)
  if (changed.length) container.resolve(ContainerRegistrationKeys.LOGGER).info(`[coupon] ${changed.length} promotion(s) made automatic`)
}
