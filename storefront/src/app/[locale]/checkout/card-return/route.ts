import { redirect } from "next/navigation"
import type { NextRequest } from "next/server"
import { completeCart } from "@/lib/checkout"
import { errorMessage } from "@/lib/medusa"
import { getCartId, getToken } from "@/lib/session"

// Stripe's statuses after a redirect that mean "no money was taken": the Payment Element may try again.
const FAILED = new Set(["failed", "requires_payment_method", "canceled"])

/**
 * Stripe's return_url after the Payment Element confirmed (with or without 3-D Secure). Completing the
 * cart has Medusa's Stripe provider read the PaymentIntent from Stripe, so nothing in the query string is
 * trusted: a forged `redirect_status=succeeded` only gets the backend's refusal.
 */
export async function GET(req: NextRequest, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  const prefix = locale === "en" ? "/en" : ""
  const status = req.nextUrl.searchParams.get("redirect_status") ?? ""
  if (FAILED.has(status)) redirect(`${prefix}/checkout/pay?card=failed`)
  const cartId = await getCartId()
  // No cart: an old tab came back after the order was placed (the cookie goes with the order).
  if (!cartId) redirect(`${prefix}/account/orders`)
  let orderId: string
  try {
    orderId = await completeCart(cartId, await getToken())
  } catch (e) {
    console.warn(`card return for cart ${cartId}: ${errorMessage(e)}`)
    // Still processing at the bank: the pay page waits for Stripe's webhook to place the order. Anything
    // else (a forged or stale return) shows the card form again with the refusal.
    redirect(`${prefix}/checkout/pay?card=${status === "processing" ? "pending" : "failed"}`)
  }
  redirect(`${prefix}/orders/${orderId}`)
}
