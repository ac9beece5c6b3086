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

/** 核销: typed from the customer's screen, or pasted from a scanner. */
export function RedeemForm({ labels }: { labels: Record<"title" | "code" | "submit" | "done", string> }) {
  const [code, setCode] = useState("")
  const { msg, pending, run } = useBackendAction()
  return (
    <form
      className="stack"
      data-testid="redeem-form"
      onSubmit={(e) => {
        e.preventDefault()
        run(() => redeemCode(code), { done: labels.done, then: () => setCode("") })
      }}
    >
      <h2>{labels.title}</h2>
      <div className="row controls">
        <div className="field grow">
          <label htmlFor="mc-code">{labels.code}</label>
          <input id="mc-code" name="code" inputMode="numeric" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        </div>
        <button className="btn" type="submit" disabled={pending}>{labels.submit}</button>
      </div>
      <Message msg={msg} testId="redeem-result" />
    </form>
  )
}

export function AppointmentButtons({ id, actions }: { id: string; actions: { action: "complete" | "no-show"; label: string }[] }) {
  const { msg, pending, run } = useBackendAction()
  if (!actions.length) return null
  return (
    <div className="actions">
      {actions.map((a) => (
        <button key={a.action} type="button" className="btn small secondary" disabled={pending} onClick={() => run(() => appointmentAction(id, a.action))}>
          {a.label}
        </button>
      ))}
      <Message msg={msg} />
    </div>
  )
}

type OrderLabels = Record<"accept" | "reject" | "ready" | "complete" | "reason" | "confirmReject", string>

const ACTION_FOR: Record<string, "accept" | "ready" | "complete"> = { accepted: "accept", ready: "ready", completed: "complete" }

/** The steps the backend says this order may take next (`merchant_next_statuses`); 拒单 asks for a reason first. */
export function OrderButtons({ id, next: nextStatuses, labels }: { id: string; next: string[]; labels: OrderLabels }) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState("")
  const { msg, pending, run } = useBackendAction()
  const act = (action: "accept" | "reject" | "ready" | "complete") => run(() => orderAction(id, action, reason), { then: () => setRejecting(false) })
  const next = nextStatuses.map((s) => ACTION_FOR[s]).filter(Boolean)
  const canReject = nextStatuses.includes("rejected")
  if (!next.length && !canReject) return null
  return (
    <div className="stack">
      <div className="actions">
        {next.map((a) => (
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
