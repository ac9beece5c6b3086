import crypto from "node:crypto"

const QR_PREFIX = "TCB1"

export function secret() {
  return process.env.BOOKING_QR_SECRET || process.env.JWT_SECRET || "supersecret"
}

/** An 8-digit code without a leading zero, so it never loses a digit in a spreadsheet. */
export function newRedemptionCode(): string {
  return String(crypto.randomInt(10_000_000, 100_000_000))
}

function sign(appointmentId: string, merchantId: string, code: string) {
  return crypto
    .createHmac("sha256", secret())
    .update(`${QR_PREFIX}|${appointmentId}|${merchantId}|${code}`)
    .digest("base64url")
    .slice(0, 32)
}

/**
 * What the customer's QR code encodes. It names the appointment and carries a signature over the code,
 * not the code itself, so a photographed QR cannot be turned into a typed code and a forged one fails.
 */
export function qrPayload(appt: { id: string; merchant_id: string; code: string }) {
  return `${QR_PREFIX}.${appt.id}.${sign(appt.id, appt.merchant_id, appt.code)}`
}

export function parseQrPayload(payload: string): { appointment_id: string; signature: string } | null {
  const parts = payload.trim().split(".")
  if (parts.length !== 3 || parts[0] !== QR_PREFIX || !/^appt_[A-Za-z0-9]+$/.test(parts[1])) return null
  return { appointment_id: parts[1], signature: parts[2] }
}

export function verifyQrSignature(appt: { id: string; merchant_id: string; code: string }, signature: string) {
  const expected = Buffer.from(sign(appt.id, appt.merchant_id, appt.code))
  const given = Buffer.from(signature)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
}

/** Last two digits only, for the redemption log. */
export function codeHint(code: string) {
  return code.length > 2 ? `…${code.slice(-2)}` : "…"
}
