"use client"

import { useLocale } from "next-intl"
import { useSearchParams } from "next/navigation"
import { Suspense } from "react"
import { Link, usePathname } from "@/i18n/navigation"

function Inner({ label, title }: { label: string; title: string }) {
  const locale = useLocale()
  const pathname = usePathname()
  const params = useSearchParams()
  const other = locale === "en" ? "zh-CN" : "en"
  const qs = params.toString()
  return (
    <Link href={qs ? `${pathname}?${qs}` : pathname} locale={other} hrefLang={other} title={title} className="lang" data-testid="lang-switch">
      {label}
    </Link>
  )
}

export function LangSwitch(props: { label: string; title: string }) {
  return (
    <Suspense fallback={<span className="lang">{props.label}</span>}>
      <Inner {...props} />
    </Suspense>
  )
}
