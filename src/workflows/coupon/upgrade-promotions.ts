import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { automaticRulesFor, batchCodes, COUPON_CONTEXT_ATTRIBUTE } from "./promotion-data"

/**
 * Brings the promotions of batches issued before coupon promotions became automatic (see
 * promotion-data.ts) to the current shape: the wallet rule, the 满减 band's upper end, is_automatic.
 * Those batches still work without it (their code is applied explicitly and the tier is re-synced
 * before payment), but only upgraded ones re-pick the tier on every cart change. Idempotent: a
 * promotion that already has the wallet rule is left alone. Returns the promotions changed.
 */
export async function upgradeCouponPromotions(container: MedusaContainer) {
  const coupons: CouponModuleService = container.resolve(COUPON_MODULE)
  const promotions = container.resolve(Modules.PROMOTION)
  const batches = await coupons.listCouponBatches({ ends_at: { $gt: new Date() } }, { take: 10_000 })
  const changed: string[] = []
  for (const batch of batches as any[]) {
    const codes = batchCodes(batch)
    if (!codes.length) continue
    const found = await promotions.listPromotions({ code: codes }, { relations: ["rules"] })
    for (const p of found) {
      if ((p.rules ?? []).some((r: any) => r.attribute === COUPON_CONTEXT_ATTRIBUTE)) continue
      await promotions.addPromotionRules(p.id, automaticRulesFor(batch, p.code!) as any)
      await promotions.updatePromotions({ id: p.id, is_automatic: true })
      changed.push(p.code!)
    }
  }
  return changed
}
