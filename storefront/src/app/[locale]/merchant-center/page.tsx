import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { MerchantSignInForm } from "@/components/MerchantCenter"
import { getCalendar, getVendor, getVendorOrders } from "@/lib/merchant-center"
import { MerchantNav } from "./nav"

export const metadata: Metadata = { robots: { index: false } }

export default async function MerchantCenterPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const t = await getTranslations("merchantCenter")
  const vendor = await getVendor()
  if (!vendor) {
    return (
      <section className="stack">
        <h1>{t("title")}</h1>
        <MerchantSignInForm
          locale={locale}
          labels={{ title: t("signInTitle"), hint: t("signInHint"), email: t("email"), password: t("password"), submit: t("signIn") }}
        />
      </section>
    )
  }
  const [today, fresh] = await Promise.all([getCalendar(), getVendorOrders("new")])
  const booked = today.resources.flatMap((r) => r.appointments).filter((a) => ["confirmed", "checked_in", "completed"].includes(a.status))
  return (
    <section className="stack">
      <h1>{t("title")}</h1>
      <MerchantNav vendor={vendor} locale={locale} current="home" />
      <ul className="plain" data-testid="merchant-summary">
        <li>{t("today", { count: booked.length })}</li>
        <li>{t("newOrders", { count: fresh.count })}</li>
      </ul>
    </section>
  )
}
