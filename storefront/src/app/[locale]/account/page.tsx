import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { SignInForm, SignUpForm } from "@/components/AuthForms"
import { getCustomer } from "@/lib/data"
import { signOut } from "@/lib/actions"

export const metadata: Metadata = { robots: { index: false } }

export default async function AccountPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const t = await getTranslations()
  const customer = await getCustomer()
  if (!customer) {
    const labels = {
      signIn: t("account.signIn"),
      signUp: t("account.signUp"),
      email: t("account.email"),
      password: t("account.password"),
      passwordHint: t("account.passwordHint"),
      firstName: t("account.firstName"),
      lastName: t("account.lastName"),
      phone: t("account.phone"),
    }
    return (
      <>
        <h1>{t("account.title")}</h1>
        <div className="two-col">
          <SignInForm labels={labels} locale={locale} />
          <SignUpForm labels={labels} locale={locale} />
        </div>
      </>
    )
  }
  const name = [customer.last_name, customer.first_name].filter(Boolean).join("") || customer.email
  return (
    <section className="stack">
      <h1>{t("account.title")}</h1>
      <p data-testid="welcome">{t("account.welcome", { name })}</p>
      <ul className="menu">
        <li><Link href="/account/orders">{t("account.orders")}</Link></li>
        <li><Link href="/account/appointments">{t("account.appointments")}</Link></li>
        <li><Link href="/account/reviews">{t("account.myReviews")}</Link></li>
        <li><Link href="/account/coupons">{t("account.myCoupons")}</Link></li>
        <li><Link href="/account/points">{t("account.myPoints")}</Link></li>
      </ul>
      <form action={signOut.bind(null, locale)}>
        <button type="submit" className="btn ghost">{t("account.signOut")}</button>
      </form>
    </section>
  )
}
