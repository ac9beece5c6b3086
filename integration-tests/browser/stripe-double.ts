import crypto from "node:crypto"
import http from "node:http"
import type { BrowserContext } from "playwright-core"

/*
 * Stripe, played by the test (no network here, and Stripe has no offline mode):
 *
 * - the API that Medusa's Stripe provider calls from the backend (customers, create / retrieve / cancel PaymentIntents),
 *   as a small HTTP server; the provider's client is pointed at it with `useStripeDouble`;
 * - the browser's side: Stripe.js (https://js.stripe.com/…) and its confirm call to https://api.stripe.com,
 *   served by Playwright routes with `routeStripe`. The stand-in Stripe.js implements the calls the
 *   storefront makes (Stripe(pk), elements({ clientSecret }), create("payment").mount(), on("ready"),
 *   confirmPayment({ confirmParams: { return_url } })) and records them in window.__stripeDouble.
 *
 * What this proves: the storefront's wiring (key read at request time, the session's client_secret, the
 * element mounted in its container, confirm with our return_url, the return completing the cart through
 * Medusa's provider reading the PaymentIntent). What it cannot: Stripe's real Payment Element, card entry,
 * 3-D Secure, Stripe's real API answers and webhooks.
 */

export const STRIPE_PK = "pk_test_tongcheng_double"

export type Intent = {
  id: string
  object: "payment_intent"
  amount: number
  currency: string
  status: string
  client_secret: string
  capture_method: string
  payment_method_types: string[]
  metadata: Record<string, string>
  amount_received: number
  payment_method: null | { id: string; type: string }
  last_payment_error: null
}

/** Stripe's form encoding (a[b]=1, a[0]=x) read back into flat keys. */
function form(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body))
}

export function stripeDouble(secretKey: string) {
  const intents = new Map<string, Intent>()
  const customers = new Map<string, { id: string; email: string | null }>()
  const requests: { method: string; path: string; body: Record<string, string> }[] = []
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "request-id": `req_${crypto.randomBytes(6).toString("hex")}` })
    res.end(JSON.stringify(body))
  }
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (c) => (raw += c))
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stripe.test")
      const body = form(req.method === "GET" ? url.search.slice(1) : raw)
      requests.push({ method: req.method ?? "", path: url.pathname, body })
      if (req.headers.authorization !== `Bearer ${secretKey}`) {
        return send(res, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } })
      }
      // Medusa makes a signed-in customer a Stripe customer (account holder) before the first intent.
      if (url.pathname === "/v1/customers" && req.method === "POST") {
        const customer = { id: `cus_${crypto.randomBytes(7).toString("hex")}`, object: "customer", email: body.email ?? null, name: body.name ?? null }
        customers.set(customer.id, customer)
        return send(res, 200, customer)
      }
      const m = url.pathname.match(/^\/v1\/payment_intents(?:\/(pi_[A-Za-z0-9]+))?(?:\/(cancel|capture))?$/)
      if (!m) return send(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${url.pathname})` } })
      const [, id, action] = m
      if (!id && req.method === "POST") {
        const pi = `pi_${crypto.randomBytes(8).toString("hex")}`
        const intent: Intent = {
          id: pi,
          object: "payment_intent",
          amount: Number(body.amount),
          currency: body.currency,
          status: "requires_payment_method",
          client_secret: `${pi}_secret_${crypto.randomBytes(8).toString("hex")}`,
          capture_method: body.capture_method ?? "automatic",
          payment_method_types: Object.keys(body)
            .filter((k) => k.startsWith("payment_method_types["))
            .map((k) => body[k]),
          metadata: Object.fromEntries(
            Object.keys(body)
              .filter((k) => k.startsWith("metadata["))
              .map((k) => [k.slice(9, -1), body[k]])
          ),
          amount_received: 0,
          payment_method: null,
          last_payment_error: null,
        }
        intents.set(pi, intent)
        return send(res, 200, intent)
      }
      const intent = id ? intents.get(id) : undefined
      if (!intent) return send(res, 404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${id}'` } })
      if (action === "cancel") intent.status = "canceled"
      if (action === "capture" && intent.status === "requires_capture") {
        intent.status = "succeeded"
        intent.amount_received = intent.amount
      }
      return send(res, 200, intent)
    })
  })

  /** What Stripe does when the browser confirms with a card that needs no 3-D Secure. */
  const confirm = (id: string, clientSecret: string, publishableKey: string) => {
    const intent = intents.get(id)
    if (!intent || intent.client_secret !== clientSecret || publishableKey !== STRIPE_PK) {
      return { status: 400, body: { error: { type: "invalid_request_error", message: "No such payment_intent" } } }
    }
    intent.payment_method = { id: `pm_${crypto.randomBytes(6).toString("hex")}`, type: "card" }
    intent.status = intent.capture_method === "manual" ? "requires_capture" : "succeeded"
    if (intent.status === "succeeded") intent.amount_received = intent.amount
    return { status: 200, body: intent }
  }

  return { server, intents, customers, requests, confirm }
}

export type StripeDouble = ReturnType<typeof stripeDouble>

/** Points Medusa's Stripe provider (already booted with STRIPE_API_KEY) at the double instead of api.stripe.com. */
export function useStripeDouble(container: any, port: number, secretKey: string) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Stripe = require("stripe")
  const payment = container.resolve("payment")
  const provider = payment.paymentProviderService_.retrieveProvider("pp_stripe_stripe")
  // The provider keeps its client in `stripe_` and takes no host option: the test swaps the client only.
  provider.stripe_ = new Stripe(secretKey, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 })
}

/** The Stripe.js stand-in served for https://js.stripe.com/<release>/stripe.js. */
const STRIPE_JS = `(() => {
  const rec = (window.__stripeDouble = { key: null, options: null, elementsOptions: null, created: [], mountedIn: null, confirmed: null })
  function Stripe(key, options) {
    rec.key = key
    rec.options = options || null
    return {
      elements(opts) {
        rec.elementsOptions = opts
        return {
          create(type, options) {
            rec.created.push({ type, options })
            const listeners = {}
            let mounted = false
            const fire = (ev) => (listeners[ev] || []).forEach((f) => f({ elementType: type }))
            return {
              mount(target) {
                const node = typeof target === "string" ? document.querySelector(target) : target
                const field = document.createElement("div")
                field.setAttribute("data-stripe-double", type)
                field.textContent = "card number · MM/YY · CVC (Stripe.js test double)"
                node.appendChild(field)
                rec.mountedIn = (node.closest("[data-testid]") || node).getAttribute("data-testid")
                mounted = true
                setTimeout(() => fire("ready"), 0)
              },
              on(ev, f) {
                ;(listeners[ev] = listeners[ev] || []).push(f)
                if (ev === "ready" && mounted) setTimeout(() => f({ elementType: type }), 0)
              },
              off(ev, f) { listeners[ev] = (listeners[ev] || []).filter((g) => g !== f) },
              update() {},
              unmount() {},
              destroy() {},
            }
          },
          update(opts) { Object.assign(rec.elementsOptions, opts) },
        }
      },
      async confirmPayment({ elements, confirmParams }) {
        rec.confirmed = confirmParams
        const secret = rec.elementsOptions.clientSecret
        const id = secret.split("_secret_")[0]
        const res = await fetch("https://api.stripe.com/v1/payment_intents/" + id + "/confirm", {
          method: "POST",
          body: new URLSearchParams({ client_secret: secret, key: rec.key }),
        })
        const pi = await res.json()
        if (pi.error) return { error: pi.error }
        const back = new URL(confirmParams.return_url)
        back.searchParams.set("payment_intent", pi.id)
        back.searchParams.set("payment_intent_client_secret", secret)
        back.searchParams.set("redirect_status", pi.status === "succeeded" || pi.status === "requires_capture" ? "succeeded" : "failed")
        window.location.assign(back.toString())
        return new Promise(() => {})
      },
      createToken() {},
      createPaymentMethod() {},
      confirmCardPayment() {},
    }
  }
  Stripe.version = "endive"
  window.Stripe = Stripe
})()`

/**
 * Serves the Stripe.js stand-in and answers the browser's confirm call from the double; every other
 * request leaving 127.0.0.1 is refused and listed in `leaked` (none must happen).
 */
export async function routeStripe(context: BrowserContext, double: StripeDouble) {
  const leaked: string[] = []
  const scripts: string[] = []
  // Playwright tries the routes registered last first: the catch-all goes in before the Stripe ones.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    leaked.push(route.request().url())
    return route.abort()
  })
  await context.route(/^https:\/\/js\.stripe\.com\//, (route) => {
    scripts.push(route.request().url())
    return route.fulfill({ status: 200, contentType: "application/javascript", body: STRIPE_JS })
  })
  await context.route(/^https:\/\/api\.stripe\.com\/v1\/payment_intents\/(pi_[A-Za-z0-9]+)\/confirm$/, (route) => {
    const id = route.request().url().match(/payment_intents\/(pi_[A-Za-z0-9]+)\/confirm/)![1]
    const body = form(route.request().postData() ?? "")
    const out = double.confirm(id, body.client_secret, body.key)
    return route.fulfill({
      status: out.status,
      contentType: "application/json",
      headers: { "access-control-allow-origin": "*" },
      body: JSON.stringify(out.body),
    })
  })
  return { leaked, scripts }
}
