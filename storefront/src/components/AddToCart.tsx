"use client"

import { useState, useTransition } from "react"
import { useRouter } from "next/navigation"
import { addToCart } from "@/lib/actions"

export function AddToCart({ variantId, label, addedLabel, name }: { variantId: string; label: string; addedLabel: string; name: string }) {
  const [pending, start] = useTransition()
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const router = useRouter()
  return (
    <div className="add">
      <button
        type="button"
        className="btn small"
        disabled={pending}
        aria-label={`${label}：${name}`}
        onClick={() =>
          start(async () => {
            const res = await addToCart(variantId, 1)
            setMsg(res.ok ? { ok: true, text: addedLabel } : { ok: false, text: res.error })
            if (res.ok) router.refresh()
          })
        }
      >
        {label}
      </button>
      {msg && (
        <p className={msg.ok ? "status" : "error"} role={msg.ok ? "status" : "alert"}>
          {msg.text}
        </p>
      )}
    </div>
  )
}
