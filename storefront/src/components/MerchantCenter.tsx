"use client"

import { useActionState, useState, useTransition } from "react"
import { useRouter } from "next/navigation"
import { SignInFields } from "./AuthForms"
import { addClosure, appointmentAction, merchantSignIn, orderAction, redeemCode, removeClosure } from "@/lib/merchant-actions"

type Msg = { ok: boolean; text: string } | null

function Message({ msg, testId }: { msg: Msg; testId?: string }) {
  if (!msg) return null
  return (
    <p className={msg.ok ? "status" : "error"} role={msg.ok ? "status" : "alert"} data-testid={testId}>
      {msg.text}
    </p>
  )
}

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
  const [msg, setMsg] = useState<Msg>(null)
  const [pending, start] = useTransition()
  const router = useRouter()
  return (
    <form
      className="stack"
      data-testid="redeem-form"
      onSubmit={(e) => {
        e.preventDefault()
        start(async () => {
          const res = await redeemCode(code)
          if (res.ok) {
            setMsg({ ok: true, text: labels.done })
            setCode("")
            router.refresh()
          } else setMsg({ ok: false, text: res.error })
        })
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
  const [msg, setMsg] = useState<Msg>(null)
  const [pending, start] = useTransition()
  const router = useRouter()
  if (!actions.length) return null
  return (
    <div className="actions">
      {actions.map((a) => (
        <button
          key={a.action}
          type="button"
          className="btn small secondary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const res = await appointmentAction(id, a.action)
              if (res.ok) {
                setMsg(null)
                router.refresh()
              } else setMsg({ ok: false, text: res.error })
            })
          }
        >
          {a.label}
        </button>
      ))}
      <Message msg={msg} />
    </div>
  )
}

type OrderLabels = Record<"accept" | "reject" | "ready" | "complete" | "reason" | "confirmReject", string>

/** What a clerk may do next with an order, as the shop-side status allows; the backend has the last word. */
export function OrderButtons({ id, status, labels }: { id: string; status: string; labels: OrderLabels }) {
  const [msg, setMsg] = useState<Msg>(null)
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState("")
  const [pending, start] = useTransition()
  const router = useRouter()
  const run = (action: "accept" | "reject" | "ready" | "complete") =>
    start(async () => {
      const res = await orderAction(id, action, reason)
      if (res.ok) {
        setMsg(null)
        setRejecting(false)
        router.refresh()
      } else setMsg({ ok: false, text: res.error })
    })
  const next: ("accept" | "ready" | "complete")[] =
    status === "new" ? ["accept"] : status === "accepted" ? ["ready", "complete"] : status === "ready" ? ["complete"] : []
  if (!next.length && status !== "new") return null
  return (
    <div className="stack">
      <div className="actions">
        {next.map((a) => (
          <button key={a} type="button" className="btn small" disabled={pending} onClick={() => run(a)}>
            {labels[a]}
          </button>
        ))}
        {status === "new" && !rejecting && (
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
          <button type="button" className="btn small ghost" disabled={pending} onClick={() => run("reject")}>
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
  const [msg, setMsg] = useState<Msg>(null)
  const [pending, start] = useTransition()
  const router = useRouter()
  return (
    <form
      className="stack"
      data-testid="closure-form"
      onSubmit={(e) => {
        e.preventDefault()
        const el = e.currentTarget
        const f = new FormData(el)
        const value = (k: string) => String(f.get(k) ?? "")
        start(async () => {
          const res = await addClosure({ date, tz, resource_id: value("resource_id"), from: value("from"), to: value("to"), reason: value("reason") })
          if (res.ok) {
            setMsg(null)
            el.reset()
            router.refresh()
          } else setMsg({ ok: false, text: res.error })
        })
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
  const [msg, setMsg] = useState<Msg>(null)
  const [pending, start] = useTransition()
  const router = useRouter()
  return (
    <>
      <button
        type="button"
        className="btn small ghost"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await removeClosure(id)
            if (res.ok) router.refresh()
            else setMsg({ ok: false, text: res.error })
          })
        }
      >
        {label}
      </button>
      <Message msg={msg} />
    </>
  )
}
