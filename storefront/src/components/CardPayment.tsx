"use client"

import { useMemo, useState, type FormEvent } from "react"
// The pure entry loads Stripe.js only when loadStripe is called, i.e. only on the card step, not on
// every page that happens to share a chunk with this component.
import { loadStripe } from "@stripe/stripe-js/pure"
import type { Stripe } from "@stripe/stripe-js"
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js"

type Labels = { pay: string; loading: string; loadFailed: string; failed: string }

type Props = {
  publishableKey: string
  clientSecret: string
  locale: string
  /** Where Stripe sends the browser after confirming (and after 3-D Secure): our route that completes the cart. */
  returnPath: string
  /** Set when Stripe came back with redirect_status other than succeeded. */
  initialError?: string | null
  labels: Labels
}

const loaded = new Map<string, Promise<Stripe | null>>()

/** One Stripe.js load per key for the page's lifetime (Elements must not get a new promise on re-render). */
function stripeFor(key: string, onFail: () => void): Promise<Stripe | null> {
  let p = loaded.get(key)
  if (!p) {
    // Resolving null instead of rejecting: Elements does not catch, and the visitor gets our message.
    p = loadStripe(key).catch(() => {
      loaded.delete(key)
      return null
    })
    loaded.set(key, p)
  }
  p.then((s) => s || onFail())
  return p
}

/** Stripe's Payment Element for the session's PaymentIntent (`client_secret` from Medusa's Stripe provider). */
export function CardPayment(p: Props) {
  const [loadFailed, setLoadFailed] = useState(false)
  const stripe = useMemo(() => stripeFor(p.publishableKey, () => setLoadFailed(true)), [p.publishableKey])
  const options = useMemo(() => ({ clientSecret: p.clientSecret, locale: (p.locale === "en" ? "en" : "zh") as "en" | "zh" }), [p.clientSecret, p.locale])
  if (loadFailed) {
    return (
      <p className="error" role="alert" data-testid="card-load-failed">
        {p.labels.loadFailed}
      </p>
    )
  }
  return (
    <Elements stripe={stripe} options={options}>
      <CardForm returnPath={p.returnPath} labels={p.labels} initialError={p.initialError ?? null} />
    </Elements>
  )
}

function CardForm({ returnPath, labels, initialError }: { returnPath: string; labels: Labels; initialError: string | null }) {
  const stripe = useStripe()
  const elements = useElements()
  const [ready, setReady] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(initialError)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!stripe || !elements) return
    setBusy(true)
    setError(null)
    const res = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: new URL(returnPath, window.location.origin).toString() },
    })
    // Only reached when Stripe did not redirect: a declined card or incomplete details. Its message is
    // already in the visitor's language (the Elements locale).
    setError(res.error?.message ?? labels.failed)
    setBusy(false)
  }

  return (
    <form onSubmit={submit} className="stack card-form" data-testid="card-form">
      <div className="card-element" data-testid="card-element">
        <PaymentElement onReady={() => setReady(true)} options={{ layout: "tabs" }} />
      </div>
      {!ready && <p className="muted" role="status">{labels.loading}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn wide" disabled={!ready || busy || !stripe} data-testid="card-pay">
        {labels.pay}
      </button>
    </form>
  )
}
