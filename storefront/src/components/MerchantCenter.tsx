"use client"

import { useActionState, useState } from "react"
import { SignInFields } from "./AuthForms"
import { Message, useBackendAction } from "./useBackendAction"
import { addClosure, appointmentAction, merchantSignIn, orderAction, redeemCode, removeClosure } from "@/lib/merchant-actions"

export function MerchantSignInForm({ labels, locale }: { labels: Record<"title" | "email" | "password" | "submit" | "hint", string>; locale: string }) {
  const [state, action, pending] = useActionState(merchantSignIn, undefined)
  return (
    <form action={action} className="stack" data-testid="merchant-signin">
      <h2>{labels.title}</h2>
      <p className="muted">{labels.hint}</p>
      <input type="hidden" name="locale" value={locale} />
      <SignInFields prefix="mc" labels={labels} />
      {state?.error && <p className="error" role="alert">{state.error}</p>}
      <button className="btn" type="submit" disabled={pending}>{labels.submit}</button>
    </form>
  )
}

/**
 * 核销: typed from the customer's screen, or pasted from a scanner. When the backend refuses because the
 * slot's window is not open (its message carries the rule code), the clerk may "redeem anyway" with a
 * reason; the backend logs it. Any other refusal only shows the backend's reason.
 */
export function RedeemForm({ labels }: { labels: Record<"title" | "code" | "submit" | "done" | "anyway" | "reason" | "confirm", string> }) {
  const [code, setCode] = useState("")
  const [forcing, setForcing] = useState(false)
  const [reason, setReason] = useState("")
  const { msg, pending, run } = useBackendAction()
  const outsideWindow = !!msg && !msg.ok && /\bredeem_too_(early|late)\b/.test(msg.text)
  const reset = () => {
    setCode("")
    setForcing(false)
    setReason("")
  }
  const redeemAnyway = () => run(() => redeemCode(code, { reason }), { done: labels.done, then: reset })
  return (
    <form
      className="stack"
      data-testid="redeem-form"
      onSubmit={(e) => {
        e.preventDefault()
        setForcing(false)
        run(() => redeemCode(code), { done: labels.done, then: reset })
      }}
    >
      <h2>{labels.title}</h2>
      <div className="row controls">
        <div className="field grow">
          <label htmlFor="mc-code">{labels.code}</label>
          <input
            id="mc-code"
            name="code"
            inputMode="numeric"
            autoComplete="off"
            value={code}
            onChange={(e) => {
              // An override is for the code that was refused, never for the next one typed.
              setCode(e.target.value)
              setForcing(false)
            }}
          />
        </div>
        <button className="btn" type="submit" disabled={pending}>{labels.submit}</button>
      </div>
      <Message msg={msg} testId="redeem-result" />
      {outsideWindow && !forcing && (
        <div className="actions">
          <button type="button" className="btn small ghost" disabled={pending} onClick={() => setForcing(true)} data-testid="redeem-anyway">
            {labels.anyway}
          </button>
        </div>
      )}
      {forcing && (
        <div className="row controls" data-testid="redeem-force">
          <div className="field grow">
            <label htmlFor="mc-redeem-reason">{labels.reason}</label>
            <input
              id="mc-redeem-reason"
              value={reason}
              maxLength={200}
              autoComplete="off"
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault()
                  redeemAnyway()
                }
              }}
            />
          </div>
          <button type="button" className="btn small" disabled={pending} onClick={redeemAnyway}>
            {labels.confirm}
          </button>
        </div>
      )}
    </form>
  )
}

export type AppointmentButton = { action: "redeem" | "complete" | "no-show"; label: string }

/**
 * The actions the backend offers on one booking (its `actions`), nothing else. 核销 still needs the
 * customer's code or QR, so it takes the clerk to the code field above rather than redeeming by itself.
 */
export function AppointmentButtons({ id, actions, redeemHint }: { id: string; actions: AppointmentButton[]; redeemHint: string }) {
  const { msg, pending, run } = useBackendAction()
  const [hint, setHint] = useState(false)
  if (!actions.length) return null
  return (
    <div className="actions">
      {actions.map((a) => (
        <button
          key={a.action}
          type="button"
          className="btn small secondary"
          disabled={pending}
          onClick={() => {
            if (a.action !== "redeem") return run(() => appointmentAction(id, a.action as "complete" | "no-show"))
            const field = document.getElementById("mc-code") as HTMLInputElement | null
            field?.scrollIntoView({ block: "center" })
            field?.focus()
            setHint(true)
          }}
        >
          {a.label}
        </button>
      ))}
      {hint && <p className="muted" role="status">{redeemHint}</p>}
      <Message msg={msg} />
    </div>
  )
}

type OrderLabels = Record<"accept" | "reject" | "ready" | "complete" | "reason" | "confirmReject", string>
type ShopOrderAction = "accept" | "reject" | "ready" | "complete"
const STEPS: ShopOrderAction[] = ["accept", "ready", "complete"]

/** The order actions the backend offers the shop now (`actions`); 拒单 asks for a reason first. */
export function OrderButtons({ id, actions, labels }: { id: string; actions: string[]; labels: OrderLabels }) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState("")
  const { msg, pending, run } = useBackendAction()
  const act = (action: ShopOrderAction) => run(() => orderAction(id, action, reason), { then: () => setRejecting(false) })
  const steps = STEPS.filter((a) => actions.includes(a))
  const canReject = actions.includes("reject")
  if (!steps.length && !canReject) return null
  return (
    <div className="stack">
      <div className="actions">
        {steps.map((a) => (
          <button key={a} type="button" className="btn small" disabled={pending} onClick={() => act(a)}>
            {labels[a]}
          </button>
        ))}
        {canReject && !rejecting && (
          <button type="button" className="btn small ghost" disabled={pending} onClick={() => setRejecting(true)}>
            {labels.reject}
          </button>
        )}
      </div>
      {rejecting && (
        <div className="row controls">
          <div className="field grow">
            <label htmlFor={`reason-${id}`}>{labels.reason}</label>
            <input id={`reason-${id}`} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="button" className="btn small ghost" disabled={pending} onClick={() => act("reject")}>
            {labels.confirmReject}
          </button>
        </div>
      )}
      <Message msg={msg} />
    </div>
  )
}

type ClosureLabels = Record<"title" | "resource" | "wholeShop" | "from" | "to" | "reason" | "submit", string>

/** 添加休息 on the shown day: one resource or the whole shop, from–to in the shop's time. */
export function ClosureForm({ date, tz, resources, labels }: { date: string; tz: string; resources: { id: string; name: string }[]; labels: ClosureLabels }) {
  const { msg, pending, run } = useBackendAction()
  return (
    <form
      className="stack"
      data-testid="closure-form"
      onSubmit={(e) => {
        e.preventDefault()
        const el = e.currentTarget
        const f = new FormData(el)
        const value = (k: string) => String(f.get(k) ?? "")
        run(() => addClosure({ date, tz, resource_id: value("resource_id"), from: value("from"), to: value("to"), reason: value("reason") }), { then: () => el.reset() })
      }}
    >
      <h2>{labels.title}</h2>
      <div className="row controls">
        <div className="field">
          <label htmlFor="cl-resource">{labels.resource}</label>
          <select id="cl-resource" name="resource_id" defaultValue="">
            <option value="">{labels.wholeShop}</option>
            {resources.map((r) => (
              <option key={r.id} value={r.id}>{r.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cl-from">{labels.from}</label>
          <input id="cl-from" name="from" type="time" required />
        </div>
        <div className="field">
          <label htmlFor="cl-to">{labels.to}</label>
          <input id="cl-to" name="to" type="time" required />
        </div>
      </div>
      <div className="row controls">
        <div className="field grow">
          <label htmlFor="cl-reason">{labels.reason}</label>
          <input id="cl-reason" name="reason" maxLength={200} />
        </div>
        <button className="btn secondary" type="submit" disabled={pending}>{labels.submit}</button>
      </div>
      <Message msg={msg} />
    </form>
  )
}

export function RemoveClosure({ id, label }: { id: string; label: string }) {
  const { msg, pending, run } = useBackendAction()
  return (
    <>
      <button type="button" className="btn small ghost" disabled={pending} onClick={() => run(() => removeClosure(id))}>
        {label}
      </button>
      <Message msg={msg} />
    </>
  )
}
