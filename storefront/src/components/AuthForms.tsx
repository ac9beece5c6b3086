"use client"

import { useActionState } from "react"
import { signIn, signUp } from "@/lib/actions"

type L = Record<"signIn" | "signUp" | "email" | "password" | "passwordHint" | "firstName" | "lastName" | "phone", string>

export function SignInForm({ labels, next, locale }: { labels: L; next?: string; locale: string }) {
  const [state, action, pending] = useActionState(signIn, undefined)
  return (
    <form action={action} className="stack" data-testid="signin-form">
      <h2>{labels.signIn}</h2>
      <input type="hidden" name="next" value={next ?? ""} />
      <input type="hidden" name="locale" value={locale} />
      <SignInFields prefix="si" labels={labels} />
      {state?.error && <p className="error" role="alert">{state.error}</p>}
      <button className="btn" type="submit" disabled={pending}>{labels.signIn}</button>
    </form>
  )
}

export function SignUpForm({ labels, next, locale }: { labels: L; next?: string; locale: string }) {
  const [state, action, pending] = useActionState(signUp, undefined)
  return (
    <form action={action} className="stack" data-testid="signup-form">
      <h2>{labels.signUp}</h2>
      <input type="hidden" name="next" value={next ?? ""} />
      <input type="hidden" name="locale" value={locale} />
      <div className="row">
        <div className="field">
          <label htmlFor="su-last">{labels.lastName}</label>
          <input id="su-last" name="last_name" autoComplete="family-name" />
        </div>
        <div className="field">
          <label htmlFor="su-first">{labels.firstName}</label>
          <input id="su-first" name="first_name" autoComplete="given-name" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="su-email">{labels.email}</label>
        <input id="su-email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor="su-password">{labels.password}</label>
        <input id="su-password" name="password" type="password" autoComplete="new-password" minLength={8} required aria-describedby="su-pw-hint" />
        <small id="su-pw-hint" className="muted">{labels.passwordHint}</small>
      </div>
      <div className="field">
        <label htmlFor="su-phone">{labels.phone}</label>
        <input id="su-phone" name="phone" type="tel" inputMode="numeric" autoComplete="tel-national" pattern="1[3-9][0-9]{9}" />
      </div>
      {state?.error && <p className="error" role="alert">{state.error}</p>}
      <button className="btn" type="submit" disabled={pending}>{labels.signUp}</button>
    </form>
  )
}

/** The e-mail and password of a sign-in form (ids `<prefix>-email`, `<prefix>-password`). */
export function SignInFields({ prefix, labels }: { prefix: string; labels: { email: string; password: string } }) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-email`}>{labels.email}</label>
        <input id={`${prefix}-email`} name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-password`}>{labels.password}</label>
        <input id={`${prefix}-password`} name="password" type="password" autoComplete="current-password" required />
      </div>
    </>
  )
}
