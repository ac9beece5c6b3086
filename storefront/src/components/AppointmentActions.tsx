"use client"

import { useState, useTransition } from "react"
import { useRouter } from "next/navigation"
import { cancelAppointment } from "@/lib/actions"

export function CancelAppointment({ id, label, done }: { id: string; label: string; done: string }) {
  const [pending, start] = useTransition()
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const router = useRouter()
  return (
    <>
      <button
        type="button"
        className="btn ghost small"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await cancelAppointment(id)
            setMsg(res.ok ? { ok: true, text: done } : { ok: false, text: res.error })
            if (res.ok) router.refresh()
          })
        }
      >
        {label}
      </button>
      {msg && <p className={msg.ok ? "status" : "error"} role={msg.ok ? "status" : "alert"}>{msg.text}</p>}
    </>
  )
}
