import { model } from "@medusajs/framework/utils"

/** Every check-in attempt, including refused ones, so a shop can see who tried which code (核销记录). */
export const BookingRedemptionAttempt = model.define("booking_redemption_attempt", {
  id: model.id({ prefix: "bred" }).primaryKey(),
  merchant_id: model.text().index(),
  member_id: model.text().nullable(),
  appointment_id: model.text().nullable(),
  // Set instead of appointment_id when the code was a voucher's (团购券).
  voucher_id: model.text().nullable(),
  method: model.enum(["code", "qr"]),
  // Never the full code: the last digits are enough to recognise a typo.
  input_hint: model.text().nullable(),
  // outside_window: refused by the 核销 window; forced: redeemed outside it on a clerk's explicit override.
  result: model.enum(["ok", "wrong", "reused", "not_allowed", "outside_window", "forced"]),
  message: model.text().nullable(),
  // Why the clerk overrode the window (only for `forced`), so the shop owner can review it.
  override_reason: model.text().nullable(),
})
