"use client"

import { useState, useTransition } from "react"
import { useRouter } from "next/navigation"
import { claimCoupon, setCartCoupon, setCartPoints } from "@/lib/actions"

type Msg = { ok: boolean; text: string } | null

function Feedback({ msg }: { msg: Msg }) {
  if (!msg) return null
  return (
    <p className={msg.ok ? "status" : "error"} role={msg.ok ? "status" : "alert"}>
      {msg.text}
    </p>
  )
}

/** 领取 on a shop's page; the backend decides (all claimed, limit per customer, new customers only). */
export function ClaimCoupon({ batchId, title, label, done }: { batchId: string; title: string; label: string; done: string }) {
  const [pending, start] = useTransition()
  const [msg, setMsg] = useState<Msg>(null)
  const router = useRouter()
  return (
    <>
      <button
        type="button"
        className="btn small"
        disabled={pending}
        aria-label={`${label}：${title}`}
        data-testid={`claim-${batchId}`}
        onClick={() =>
          start(async () => {
            const res = await claimCoupon(batchId)
            setMsg(res.ok ? { ok: true, text: done } : { ok: false, text: res.error })
            if (res.ok) router.refresh()
          })
        }
      >
        {label}
      </button>
      <Feedback msg={msg} />
    </>
  )
}

export type CartCouponOption = { id: string; title: string; applicable: boolean; reason: string | null; discount: string; applied: boolean }

/** The wallet at checkout: applicable coupons to choose from (the best one marked), the others with their reason. */
export function CouponPicker({
  options,
  bestId,
  labels,
}: {
  options: CartCouponOption[]
  bestId: string | null
  labels: { legend: string; none: string; best: string; apply: string; remove: string; applied: string; removed: string; empty: string }
}) {
  const applied = options.find((o) => o.applied)?.id ?? ""
  const [choice, setChoice] = useState(applied || bestId || "")
  const [pending, start] = useTransition()
  const [msg, setMsg] = useState<Msg>(null)
  const router = useRouter()
  if (!options.length) return <p className="muted">{labels.empty}</p>
  const run = (id: string | null) =>
    start(async () => {
      const res = await setCartCoupon(id)
      setMsg(res.ok ? { ok: true, text: id ? labels.applied : labels.removed } : { ok: false, text: res.error })
      if (res.ok) router.refresh()
    })
  return (
    <fieldset className="coupons" data-testid="cart-coupons">
      <legend>{labels.legend}</legend>
      {options.map((o) => (
        <label key={o.id} className={o.applicable ? "choice" : "choice muted"}>
          <input type="radio" name="coupon" value={o.id} checked={choice === o.id} disabled={!o.applicable || pending} onChange={() => setChoice(o.id)} />
          <span>
            {o.title} {o.applicable ? `−${o.discount}` : ""}
            {o.id === bestId && <span className="tag">{labels.best}</span>}
            {o.applied && <span className="tag">{labels.applied}</span>}
            {!o.applicable && o.reason && <span className="reason"> · {o.reason}</span>}
          </span>
        </label>
      ))}
      <div className="row">
        <button type="button" className="btn small" disabled={pending || !choice || choice === applied} onClick={() => run(choice)} data-testid="apply-coupon">
          {labels.apply}
        </button>
        {applied && (
          <button type="button" className="btn ghost small" disabled={pending} onClick={() => run(null)}>
            {labels.remove}
          </button>
        )}
      </div>
      <Feedback msg={msg} />
    </fieldset>
  )
}

/** 积分抵扣: how many points to use (within the balance and the per-order cap), in steps the backend accepts. */
export function PointsForm({
  balance,
  max,
  step,
  applied,
  labels,
}: {
  balance: number
  max: number
  step: number
  applied: number
  labels: { legend: string; hint: string; use: string; remove: string; applied: string; removed: string; field: string }
}) {
  const [value, setValue] = useState(String(applied || max || ""))
  const [pending, start] = useTransition()
  const [msg, setMsg] = useState<Msg>(null)
  const router = useRouter()
  const run = (n: number) =>
    start(async () => {
      const res = await setCartPoints(n)
      setMsg(res.ok ? { ok: true, text: n ? labels.applied : labels.removed } : { ok: false, text: res.error })
      if (res.ok) router.refresh()
    })
  return (
    <fieldset className="points" data-testid="cart-points">
      <legend>{labels.legend}</legend>
      <p className="muted">{labels.hint}</p>
      <div className="row">
        <label>
          {labels.field}{" "}
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={Math.min(balance, max)}
            step={step || 1}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-testid="points-input"
          />
        </label>
        <button type="button" className="btn small" disabled={pending || !Number(value)} onClick={() => run(Number(value))} data-testid="apply-points">
          {labels.use}
        </button>
        {applied > 0 && (
          <button type="button" className="btn ghost small" disabled={pending} onClick={() => run(0)}>
            {labels.remove}
          </button>
        )}
      </div>
      <Feedback msg={msg} />
    </fieldset>
  )
}
