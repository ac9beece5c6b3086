import { model } from "@medusajs/framework/utils"

export const VOUCHER_STATUSES = ["unused", "redeemed", "refunded", "expired"] as const
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number]

/**
 * One unit of a product bought without a booking (a 双人火锅套餐 ×2 is two vouchers): what the customer
 * shows at the shop. The 12-digit code is a different length from the 8-digit appointment codes, so one
 * input box at the counter serves both. Amounts are integer fen. The refund rules are copied from the
 * product when the voucher is issued: the customer keeps the terms they bought under even if the shop
 * changes the product later.
 */
export const BookingVoucher = model
  .define("booking_voucher", {
    id: model.id({ prefix: "vch" }).primaryKey(),
    merchant_id: model.text().index(),
    order_id: model.text().index(),
    line_item_id: model.text(),
    customer_id: model.text().index().nullable(),
    product_id: model.text(),
    variant_id: model.text(),
    title: model.text(),
    // List price of one unit, in fen.
    unit_price: model.number(),
    // What this unit was actually paid after the line's discounts, in fen; what a refund pays back.
    paid_amount: model.number(),
    code: model.text(),
    status: model.enum([...VOUCHER_STATUSES]).default("unused"),
    refundable: model.boolean().default(true),
    refund_on_expiry: model.boolean().default(true),
    expires_at: model.dateTime(),
    redeemed_at: model.dateTime().nullable(),
    redeemed_by: model.text().nullable(),
    refunded_at: model.dateTime().nullable(),
    refund: model.json().nullable(),
  })
  .indexes([
    { on: ["merchant_id", "code"], unique: true, where: "deleted_at IS NULL" },
    { on: ["status", "expires_at"] },
  ])
