"use client"

import { useEffect, useMemo, useRef, useState, useTransition } from "react"
import { useRouter } from "next/navigation"
import { getAvailability, holdSlot, rescheduleAppointment, type Slot } from "@/lib/actions"

type Labels = {
  title: string
  loading: string
  none: string
  remaining: string // contains {count}
  confirm: string // contains {time}
  reschedule: string // contains {time}
  pickFirst: string
  address: string
  addressHint: string
}

type Props = {
  merchantId: string
  offeringId: string
  serviceName: string
  days: { date: string; label: string }[]
  timeZone: string
  atHome: boolean
  locale: string
  labels: Labels
  /** When set, the picked slot moves this appointment instead of going into the cart. */
  rescheduleId?: string
  cartPath: string
  donePath: string
}

const fill = (s: string, k: string, v: string | number) => s.replace(`{${k}}`, String(v))

/**
 * Days across the top, free slots with the seats left below. One availability request covers the
 * whole strip; a slot someone else took in the meantime is answered 409 by the backend and shown here.
 */
export function SlotPicker(props: Props) {
  const { days, labels } = props
  const router = useRouter()
  const [slots, setSlots] = useState<Slot[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [day, setDay] = useState(days[0].date)
  const [picked, setPicked] = useState<string | null>(null)
  const [street, setStreet] = useState("")
  const [pending, start] = useTransition()
  // A day the visitor picked while the slots were still loading is kept when they arrive.
  const dayChosen = useRef(false)

  const localDay = useMemo(() => {
    const f = new Intl.DateTimeFormat("en-CA", { timeZone: props.timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    return (iso: string) => f.format(new Date(iso))
  }, [props.timeZone])
  const hhmm = useMemo(() => {
    const f = new Intl.DateTimeFormat(props.locale === "en" ? "en-GB" : "zh-CN", { timeZone: props.timeZone, hour: "2-digit", minute: "2-digit", hour12: false })
    return (iso: string) => f.format(new Date(iso))
  }, [props.timeZone, props.locale])

  const load = () =>
    start(async () => {
      const res = await getAvailability(props.merchantId, props.offeringId, days[0].date, days[days.length - 1].date)
      if (res.ok) {
        setSlots(res.slots)
        setError(null)
        // Open on the first day that still has room, unless the visitor already chose one.
        const first = res.slots[0]
        if (first && !dayChosen.current) setDay((d) => (res.slots.some((s) => localDay(s.start_at) === d) ? d : localDay(first.start_at)))
      } else setError(res.error)
    })

  useEffect(load, []) // eslint-disable-line react-hooks/exhaustive-deps

  const perDay = useMemo(() => {
    const m = new Map<string, number>()
    for (const s of slots ?? []) m.set(localDay(s.start_at), (m.get(localDay(s.start_at)) ?? 0) + 1)
    return m
  }, [slots, localDay])
  const todays = (slots ?? []).filter((s) => localDay(s.start_at) === day)

  const confirm = () => {
    if (!picked) return setError(labels.pickFirst)
    if (props.atHome && !street.trim()) return setError(labels.addressHint)
    start(async () => {
      const res = props.rescheduleId
        ? await rescheduleAppointment(props.rescheduleId, picked)
        : await holdSlot({ offering_id: props.offeringId, start_at: picked, address: props.atHome ? { address_1: street.trim() } : null })
      if (res.ok) {
        router.push(props.rescheduleId ? props.donePath : props.cartPath)
        router.refresh()
      } else {
        setError(res.error)
        setPicked(null)
        // Someone may have just taken it: show what is really left.
        const again = await getAvailability(props.merchantId, props.offeringId, days[0].date, days[days.length - 1].date)
        if (again.ok) setSlots(again.slots)
      }
    })
  }

  return (
    <div className="slot-picker" data-testid={`slot-picker-${props.offeringId}`}>
      <h4>{labels.title}</h4>
      <div className="days" role="tablist" aria-label={labels.title}>
        {days.map((d) => {
          const n = perDay.get(d.date) ?? 0
          return (
            <button
              key={d.date}
              type="button"
              role="tab"
              aria-selected={d.date === day}
              className={d.date === day ? "day active" : "day"}
              disabled={slots !== null && n === 0}
              onClick={() => {
                dayChosen.current = true
                setDay(d.date)
                setPicked(null)
              }}
              data-date={d.date}
            >
              {d.label}
            </button>
          )
        })}
      </div>
      {slots === null ? (
        <p className="muted" role="status">{labels.loading}</p>
      ) : todays.length === 0 ? (
        <p className="muted">{labels.none}</p>
      ) : (
        <ul className="slots" role="listbox" aria-label={props.serviceName}>
          {todays.map((s) => (
            <li key={s.start_at}>
              <button
                type="button"
                role="option"
                aria-selected={picked === s.start_at}
                className={picked === s.start_at ? "slot active" : "slot"}
                onClick={() => {
                  setPicked(s.start_at)
                  setError(null)
                }}
                data-start={s.start_at}
              >
                <span className="t">{hhmm(s.start_at)}</span>
                <span className="r">{fill(labels.remaining, "count", s.remaining)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.atHome && (
        <div className="field">
          <label htmlFor={`addr-${props.offeringId}`}>{labels.address}</label>
          <input id={`addr-${props.offeringId}`} value={street} onChange={(e) => setStreet(e.target.value)} placeholder={labels.addressHint} />
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <button type="button" className="btn" onClick={confirm} disabled={pending || !picked} data-testid="confirm-slot">
        {picked ? fill(props.rescheduleId ? labels.reschedule : labels.confirm, "time", hhmm(picked)) : labels.pickFirst}
      </button>
    </div>
  )
}
