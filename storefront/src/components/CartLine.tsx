"use client"

import { useTransition } from "react"
import { useRouter } from "next/navigation"
import { emptyCart, updateLineItem } from "@/lib/actions"

export function QtyControls({ lineId, quantity, removeLabel, fixed }: { lineId: string; quantity: number; removeLabel: string; fixed: boolean }) {
  const [pending, start] = useTransition()
  const router = useRouter()
  const set = (q: number) =>
    start(async () => {
      await updateLineItem(lineId, q)
      router.refresh()
    })
  return (
    <div className="qty">
      {!fixed && (
        <>
          <button type="button" className="btn ghost small" disabled={pending || quantity <= 1} onClick={() => set(quantity - 1)} aria-label="-1">−</button>
          <span aria-live="polite">{quantity}</span>
          <button type="button" className="btn ghost small" disabled={pending} onClick={() => set(quantity + 1)} aria-label="+1">+</button>
        </>
      )}
      <button type="button" className="btn ghost small" disabled={pending} onClick={() => set(0)}>{removeLabel}</button>
    </div>
  )
}

export function EmptyCartButton({ label }: { label: string }) {
  const [pending, start] = useTransition()
  const router = useRouter()
  return (
    <button type="button" className="btn ghost small" disabled={pending} onClick={() => start(async () => { await emptyCart(); router.refresh() })}>
      {label}
    </button>
  )
}
