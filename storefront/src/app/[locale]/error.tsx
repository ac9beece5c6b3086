"use client"

import { useTranslations } from "next-intl"

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("errors")
  return (
    <section className="empty-state" role="alert">
      <h1>{t("generic")}</h1>
      <button className="btn" onClick={reset}>↻</button>
    </section>
  )
}
