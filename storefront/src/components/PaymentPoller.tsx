"use client"

import { useEffect, useRef, useState } from "react"
import { useRouter } from "next/navigation"
import { checkPayment } from "@/lib/actions"

/** Asks every 2 s whether the gateway's notification has arrived; then shows the order. */
export function PaymentPoller(p: { paymentCollectionId: string; cartId: string; orderPath: string; labels: { waiting: string; paid: string; check: string; notYet: string }; redirectUrl?: string | null }) {
  const router = useRouter()
  const [status, setStatus] = useState(p.labels.waiting)
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)
  // Once paid the page is leaving: a poll sent during the move would be posted to the order page, which
  // does not know this action (Next answers 409 "Server Action not found").
  const done = useRef(false)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  const check = async (manual: boolean) => {
    if (busy.current || done.current) return
    busy.current = true
    try {
      const res = await checkPayment(p.paymentCollectionId, p.cartId)
      if (!res.ok) setError(res.error)
      else if (res.paid && res.order_id) {
        done.current = true
        if (timer.current) clearInterval(timer.current)
        setStatus(p.labels.paid)
        router.replace(`${p.orderPath}/${res.order_id}`)
      } else if (res.final_message) {
        // Nothing more will happen to this payment (refunded, or closed unpaid): stop asking and say so.
        done.current = true
        if (timer.current) clearInterval(timer.current)
        setStatus(res.final_message)
      } else if (manual) setError(p.labels.notYet)
    } finally {
      busy.current = false
    }
  }

  useEffect(() => {
    if (p.redirectUrl) window.location.assign(p.redirectUrl)
    timer.current = setInterval(() => check(false), 2000)
    return () => {
      if (timer.current) clearInterval(timer.current)
    }
  }, []) // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="stack">
      <p role="status" data-testid="pay-status">{status}</p>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="button" className="btn secondary" onClick={() => check(true)}>{p.labels.check}</button>
    </div>
  )
}
