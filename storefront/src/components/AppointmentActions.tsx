"use client"

import { cancelAppointment } from "@/lib/actions"
import { Message, useBackendAction } from "./useBackendAction"

export function CancelAppointment({ id, label, done }: { id: string; label: string; done: string }) {
  const { msg, pending, run } = useBackendAction()
  return (
    <>
      <button type="button" className="btn ghost small" disabled={pending} onClick={() => run(() => cancelAppointment(id), { done })}>
        {label}
      </button>
      <Message msg={msg} />
    </>
  )
}
