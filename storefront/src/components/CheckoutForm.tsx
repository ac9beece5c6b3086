"use client"

import { useActionState } from "react"
import { placeOrder } from "@/lib/actions"

type Props = {
  locale: string
  needsAddress: boolean
  shippingOptions: { id: string; label: string }[]
  providers: { id: string; label: string }[]
  defaults: { name: string; phone: string; city: string; street: string }
  labels: Record<"contact" | "name" | "phone" | "address" | "addressFor" | "city" | "district" | "street" | "delivery" | "payment" | "pay" | "noProviders", string>
}

export function CheckoutForm(p: Props) {
  const [state, action, pending] = useActionState(placeOrder, undefined)
  return (
    <form action={action} className="stack" data-testid="checkout-form">
      <input type="hidden" name="locale" value={p.locale} />
      <input type="hidden" name="needs_address" value={p.needsAddress ? "1" : "0"} />
      <fieldset>
        <legend>{p.labels.contact}</legend>
        <div className="field">
          <label htmlFor="co-name">{p.labels.name}</label>
          <input id="co-name" name="name" autoComplete="name" defaultValue={p.defaults.name} required />
        </div>
        <div className="field">
          <label htmlFor="co-phone">{p.labels.phone}</label>
          <input id="co-phone" name="phone" type="tel" inputMode="numeric" autoComplete="tel-national" defaultValue={p.defaults.phone} required />
        </div>
      </fieldset>
      {p.needsAddress && (
        <fieldset>
          <legend>{p.labels.addressFor}</legend>
          <div className="field">
            <label htmlFor="co-city">{p.labels.city}</label>
            <input id="co-city" name="city" autoComplete="address-level2" defaultValue={p.defaults.city} required />
          </div>
          <div className="field">
            <label htmlFor="co-district">{p.labels.district}</label>
            <input id="co-district" name="district" autoComplete="address-level3" />
          </div>
          <div className="field">
            <label htmlFor="co-street">{p.labels.street}</label>
            <input id="co-street" name="street" autoComplete="street-address" defaultValue={p.defaults.street} required />
          </div>
        </fieldset>
      )}
      {p.shippingOptions.length > 0 && (
        <fieldset>
          <legend>{p.labels.delivery}</legend>
          {p.shippingOptions.map((o, i) => (
            <label key={o.id} className="radio">
              <input type="radio" name="shipping_option" value={o.id} defaultChecked={i === 0} /> {o.label}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>{p.labels.payment}</legend>
        {p.providers.length === 0 && <p className="error">{p.labels.noProviders}</p>}
        {p.providers.map((o, i) => (
          <label key={o.id} className="radio">
            <input type="radio" name="provider" value={o.id} defaultChecked={i === 0} data-testid={`provider-${o.id}`} /> {o.label}
          </label>
        ))}
      </fieldset>
      {state?.error && <p className="error" role="alert">{state.error}</p>}
      <button className="btn wide" type="submit" disabled={pending || p.providers.length === 0} data-testid="pay">
        {p.labels.pay}
      </button>
    </form>
  )
}
