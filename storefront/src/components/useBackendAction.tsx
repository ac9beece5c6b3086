"use client"

import { useState, useTransition } from "react"
import { useRouter } from "next/navigation"
import type { ActionResult } from "@/lib/actions"

export type Msg = { ok: boolean; text: string } | null

/**
 * Runs a server action that answers { ok, error }: on success the page's server data is refreshed (and
 * `done` shown, if given), otherwise the backend's own reason is shown where the visitor acted.
 */
export function useBackendAction() {
  const [msg, setMsg] = useState<Msg>(null)
  const [pending, start] = useTransition()
  const router = useRouter()
  const run = (action: () => Promise<ActionResult<any>>, opts: { done?: string; then?: () => void } = {}) =>
    start(async () => {
      const res = await action()
      if (res.ok) {
        setMsg(opts.done ? { ok: true, text: opts.done } : null)
        opts.then?.()
        router.refresh()
      } else setMsg({ ok: false, text: res.error })
    })
  return { msg, pending, run }
}

export function Message({ msg, testId }: { msg: Msg; testId?: string }) {
  if (!msg) return null
  return (
    <p className={msg.ok ? "status" : "error"} role={msg.ok ? "status" : "alert"} data-testid={testId}>
      {msg.text}
    </p>
  )
}
