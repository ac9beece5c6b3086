import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { redirect } from "@/i18n/navigation"
import { getCustomer, getPointsLedger } from "@/lib/data"
import { dateTime } from "@/lib/format"

export const metadata: Metadata = { robots: { index: false } }

const KINDS = ["earn", "spend", "reverse_earn", "refund_spend", "adjust"]

/** 我的积分: the balance and every movement, newest first. */
export default async function PointsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const t = await getTranslations()
  if (!(await getCustomer())) redirect({ href: "/account", locale })
  const ledger = await getPointsLedger()
  return (
    <section className="stack">
      <h1>{t("points.title")}</h1>
      <p data-testid="points-balance">{t("points.balance", { balance: ledger?.balance ?? 0 })}</p>
      {!ledger?.entries.length && <p className="muted">{t("points.empty")}</p>}
      <ul className="plain" data-testid="points-ledger">
        {(ledger?.entries ?? []).map((e: any) => (
          <li key={e.id}>
            {dateTime(e.created_at, locale)} · {KINDS.includes(e.kind) ? t(`points.kinds.${e.kind}` as any) : e.kind}{" "}
            <strong>{e.delta > 0 ? `+${e.delta}` : e.delta}</strong>
          </li>
        ))}
      </ul>
    </section>
  )
}
