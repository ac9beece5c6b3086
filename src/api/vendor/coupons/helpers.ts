import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { keepConflictMessage } from "../../../modules/booking/utils/errors"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { createCouponBatchWorkflow } from "../../../workflows/coupon/create-coupon-batch"
import { updateCouponBatchWorkflow } from "../../../workflows/coupon/update-coupon-batch"
import type { CreateCouponType, UpdateCouponType } from "./validators"

export { keepConflictMessage }

/** What the APIs show of a batch: amounts as numbers, no internal promotion wiring beyond ids/codes. */
export function presentBatch(b: any) {
  return {
    id: b.id,
    merchant_id: b.merchant_id ?? null,
    scope: b.merchant_id ? "merchant" : "platform",
    title: b.title,
    kind: b.kind,
    value: b.value == null ? null : Number(b.value),
    tiers: b.tiers ? (b.tiers as any[]).map((t) => ({ min: Number(t.min), off: Number(t.off) })) : null,
    min_spend: Number(b.min_spend ?? 0),
    starts_at: b.starts_at,
    ends_at: b.ends_at,
    total: b.total,
    claimed: b.claimed,
    remaining: Math.max(0, b.total - b.claimed),
    per_customer_limit: b.per_customer_limit,
    new_customer_only: b.new_customer_only,
    status: b.status === "active" && new Date(b.ends_at) <= new Date() ? "ended" : b.status,
    promotion_id: b.promotion_id,
    campaign_id: b.campaign_id,
    created_at: b.created_at,
  }
}

export async function createBatch(scope: MedusaContainer, merchantId: string | null, body: CreateCouponType) {
  const { result } = await createCouponBatchWorkflow(scope).run({ input: { merchant_id: merchantId, ...body } })
  const service: CouponModuleService = scope.resolve(COUPON_MODULE)
  return presentBatch(await service.retrieveCouponBatch(result.id))
}

/** A batch the caller may see: a shop only its own (another's answers 404, as if it did not exist). */
export async function findBatch(scope: MedusaContainer, id: string, merchantId?: string) {
  const service: CouponModuleService = scope.resolve(COUPON_MODULE)
  const [batch] = await service.listCouponBatches({ id })
  if (!batch || (merchantId !== undefined && batch.merchant_id !== merchantId)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `优惠券 ${id} 不存在 (coupon not found)`)
  }
  return batch
}

export async function updateBatch(scope: MedusaContainer, batch: any, body: UpdateCouponType) {
  if (body.ends_at && !(body.ends_at > new Date(batch.starts_at))) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "结束时间须晚于开始时间 (ends_at must be after starts_at)")
  }
  if (batch.status === "ended") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "活动已结束，不能再修改 (the coupon has ended and cannot be edited)")
  }
  const endsAt = body.end_now ? new Date() : body.ends_at
  await updateCouponBatchWorkflow(scope).run({
    input: {
      id: batch.id,
      campaign_id: batch.campaign_id,
      title: body.title,
      total: body.total,
      per_customer_limit: body.per_customer_limit,
      ends_at: endsAt,
      status: body.end_now ? "ended" : undefined,
    },
  })
  const service: CouponModuleService = scope.resolve(COUPON_MODULE)
  return presentBatch(await service.retrieveCouponBatch(batch.id))
}

export async function listBatches(scope: MedusaContainer, filters: Record<string, any>, page: { limit: number; offset: number }) {
  const service: CouponModuleService = scope.resolve(COUPON_MODULE)
  const [rows, count] = await service.listAndCountCouponBatches(filters, {
    take: page.limit,
    skip: page.offset,
    order: { created_at: "DESC" },
  })
  return { coupons: rows.map(presentBatch), count, ...page }
}

