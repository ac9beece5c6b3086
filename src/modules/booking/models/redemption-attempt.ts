import { model } from "@medusajs/framework/utils"

/** Every check-in attempt, including refused ones, so a shop can see who tried which code (核销记录). */
export const BookingRedemptionAttempt = model.define("booking_redemption_attempt", {
  id: model.id({ prefix: "bred" }).primaryKey(),
  merchant_id: model.text().index(),
  member_id: model.text().nullable(),
  appointment_id: model.text().nullable(),
  method: model.enum(["code", "qr"]),
  // Never the full code: the last digits are enough to recognise a typo.
  input_hint: model.text().nullable(),
  result: model.enum(["ok", "wrong", "reused", "not_allowed"]),
  message: model.text().nullable(),
})
