"use client"

import { useState } from "react"
import { cancelOrder, refundVoucher } from "@/lib/actions"
import { Message, useBackendAction } from "./useBackendAction"

/**
 * 取消订单: shown only when the backend offers `cancel`. A whole order is not called off by one stray tap:
 * the first press asks for an optional reason and a confirmation.
 */
export function CancelOrder({ id, labels }: { id: string; labels: Record<"cancel" | "reason" | "confirm" | "keep" | "done", string> }) {
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState("")
  const { msg, pending, run } = useBackendAction()
  return (
    <div className="stack" data-testid="cancel-order">
      {!asking ? (
        <div className="actions">
          <button type="button" className="btn ghost" disabled={pending} onClick={() => setAsking(true)}>
            {labels.cancel}
          </button>
        </div>
      ) : (
        <div className="row controls">
          <div className="field grow">
            <label htmlFor={`cancel-reason-${id}`}>{labels.reason}</label>
            <input id={`cancel-reason-${id}`} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="button" className="btn small" disabled={pending} onClick={() => run(() => cancelOrder(id, reason), { done: labels.done, then: () => setAsking(false) })}>
            {labels.confirm}
          </button>
          <button type="button" className="btn small ghost" disabled={pending} onClick={() => setAsking(false)}>
            {labels.keep}
          </button>
        </div>
      )}
      <Message msg={msg} testId="cancel-order-result" />
    </div>
  )
}

/** 退款 of one voucher, shown only when the backend offers `refund` on it; confirmed before it is sent. */
export function RefundVoucher({ id, labels }: { id: string; labels: Record<"refund" | "confirm" | "keep" | "done", string> }) {
  const [asking, setAsking] = useState(false)
  const { msg, pending, run } = useBackendAction()
  return (
    <div className="actions">
      {!asking ? (
        <button type="button" className="btn small ghost" disabled={pending} onClick={() => setAsking(true)}>
          {labels.refund}
        </button>
      ) : (
        <>
          <button type="button" className="btn small" disabled={pending} onClick={() => run(() => refundVoucher(id), { done: labels.done, then: () => setAsking(false) })}>
            {labels.confirm}
          </button>
          <button type="button" className="btn small ghost" disabled={pending} onClick={() => setAsking(false)}>
            {labels.keep}
          </button>
        </>
      )}
      <Message msg={msg} />
    </div>
  )
}
