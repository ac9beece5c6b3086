import type { MedusaContainer } from "@medusajs/framework/types"
import { MERCHANT_MODULE } from "../../../modules/merchant"
import type BookingModuleService from "../../../modules/booking/service"
import {
  customerVoucherActions,
  isVoucherLive,
  shopVoucherActions,
  VOUCHER_STATUS_LABELS,
  voucherDisplayStatus,
  voucherQrPayload,
} from "../../../modules/booking/utils/voucher"

/**
 * The public shape of a voucher. Code and QR payload are for the customer only (a clerk who could read
 * them could redeem without the customer there); the QR only while it can still be redeemed.
 */
export function presentVoucher(v: any, opts: { audience: "customer" | "shop"; merchant_name?: string | null }) {
  const status = voucherDisplayStatus(v)
  const refund = v.refund ?? null
  const out: Record<string, unknown> = {
    id: v.id,
    type: "voucher",
    status,
    status_label: status === "refunded" && refund?.by === "expiry" ? "已退款（过期自动退）" : VOUCHER_STATUS_LABELS[status],
    merchant_id: v.merchant_id,
    order_id: v.order_id,
    line_item_id: v.line_item_id,
    customer_id: v.customer_id,
    product_id: v.product_id,
    variant_id: v.variant_id,
    title: v.title,
    unit_price: Number(v.unit_price) / 100,
    paid_amount: Number(v.paid_amount) / 100,
    rules: { refundable: v.refundable, refund_on_expiry: v.refund_on_expiry },
    expires_at: v.expires_at,
    redeemed_at: v.redeemed_at,
    refunded_at: v.refunded_at,
    refund,
    created_at: v.created_at,
    actions: opts.audience === "customer" ? customerVoucherActions(v) : shopVoucherActions(v),
  }
  if (opts.merchant_name !== undefined) out.merchant_name = opts.merchant_name
  if (opts.audience === "customer") {
    out.code = v.code
    out.qr_payload = isVoucherLive(v) ? voucherQrPayload(v) : null
  } else {
    out.redeemed_by = v.redeemed_by
  }
  return out
}

/** Shop names for a list of vouchers, in one query. */
export async function merchantNames(container: MedusaContainer, vouchers: any[]) {
  const ids = [...new Set(vouchers.map((v) => v.merchant_id as string))]
  if (!ids.length) return new Map<string, string>()
  const merchants = await (container.resolve(MERCHANT_MODULE) as any).listMerchants({ id: ids }, { select: ["id", "name"] })
  return new Map<string, string>(merchants.map((m: any) => [m.id, m.name]))
}

export type VoucherListQuery = { order_id?: string; status?: string; limit: number; offset: number }

/** One page of vouchers matching `scope` (a shop or a customer), newest first, oldest unit first within an order. */
export async function listVouchers(booking: BookingModuleService, scope: Record<string, string>, q: VoucherListQuery) {
  const filters: Record<string, unknown> = { ...scope }
  if (q.order_id) filters.order_id = q.order_id
  // As shown: an unused voucher past its expiry counts as expired before the hourly job writes it down.
  const now = new Date()
  if (q.status === "unused") Object.assign(filters, { status: "unused", expires_at: { $gt: now } })
  else if (q.status === "expired") filters.$or = [{ status: "expired" }, { status: "unused", expires_at: { $lte: now } }]
  else if (q.status) filters.status = q.status
  return booking.listAndCountBookingVouchers(filters as any, {
    order: { created_at: "DESC", id: "ASC" },
    take: q.limit,
    skip: q.offset,
  })
}
