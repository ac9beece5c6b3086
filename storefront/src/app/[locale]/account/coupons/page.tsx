import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { redirect } from "@/i18n/navigation"
import { getCustomer, getWallet } from "@/lib/data"
import { dateTime } from "@/lib/format"

export const metadata: Metadata = { robots: { index: false } }

/** 我的优惠券: every claimed coupon with its state; they are applied at checkout. */
export default async function CouponsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const t = await getTranslations()
  if (!(await getCustomer())) redirect({ href: "/account", locale })
  const coupons = await getWallet()
  return (
    <section className="stack">
      <h1>{t("coupons.wallet")}</h1>
      {!coupons.length && <p className="muted">{t("coupons.walletEmpty")}</p>}
      <ul className="plain coupon-list" data-testid="wallet">
        {coupons.map((c: any) => (
          <li key={c.id} className="coupon">
            <div className="grow">
              <strong>{c.batch?.title ?? c.title}</strong>
              <p className="muted">
                {t(`coupons.status.${["available", "used", "expired"].includes(c.status) ? c.status : "available"}` as any)}
                {c.batch?.ends_at ? ` · ${t("coupons.until", { date: dateTime(c.batch.ends_at, locale) })}` : ""}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
