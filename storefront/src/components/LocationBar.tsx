"use client"

import { useRouter } from "next/navigation"
import { useState, useTransition } from "react"
import { setLocation } from "@/lib/actions"
import { PLACES } from "@/lib/places"

type Labels = { label: string; useMine: string; locating: string; denied: string; unsupported: string; pick: string; mine: string }

/** Browser position (asked only when the visitor presses the button) or a picked area; both end up in a cookie. */
export function LocationBar({ current, currentKey, locale, labels }: { current: string; currentKey: string; locale: string; labels: Labels }) {
  const router = useRouter()
  const [status, setStatus] = useState<string | null>(null)
  const [pending, start] = useTransition()

  const apply = (input: Parameters<typeof setLocation>[0]) =>
    start(async () => {
      const res = await setLocation(input)
      if (res.ok) {
        setStatus(null)
        router.refresh()
      } else setStatus(res.error)
    })

  const locate = () => {
    if (!("geolocation" in navigator)) return setStatus(labels.unsupported)
    setStatus(labels.locating)
    navigator.geolocation.getCurrentPosition(
      (pos) => apply({ lat: pos.coords.latitude, lng: pos.coords.longitude }),
      () => setStatus(labels.denied),
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
    )
  }

  const cities = Array.from(new Set(PLACES.map((p) => p.city)))
  return (
    <section className="location" aria-label={labels.label}>
      <p className="here">
        <span className="muted">{labels.label}</span> <strong data-testid="current-place">{current}</strong>
      </p>
      <div className="location-actions">
        <button type="button" className="btn secondary" onClick={locate} disabled={pending} data-testid="locate">
          {labels.useMine}
        </button>
        <label className="visually-hidden" htmlFor="place-select">{labels.pick}</label>
        <select
          id="place-select"
          value={PLACES.some((p) => p.key === currentKey) ? currentKey : ""}
          onChange={(e) => e.target.value && apply({ key: e.target.value })}
          disabled={pending}
          data-testid="place-select"
        >
          <option value="">{labels.pick}</option>
          {cities.map((city) => (
            <optgroup key={city} label={locale === "en" ? PLACES.find((p) => p.city === city)!.city_en : city}>
              {PLACES.filter((p) => p.city === city).map((p) => (
                <option key={p.key} value={p.key}>
                  {locale === "en" ? p.name_en : p.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      {status && <p className="status" role="status">{status}</p>}
    </section>
  )
}
