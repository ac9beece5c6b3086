import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link, redirect } from "@/i18n/navigation"
import { CancelAppointment } from "@/components/AppointmentActions"
import { getAppointments, getCustomer, getMerchant } from "@/lib/data"
import { dateTime, money } from "@/lib/format"

export const metadata: Metadata = { robots: { index: false } }

export default async function AppointmentsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  if (!(await getCustomer())) redirect({ href: "/account", locale })
  const t = await getTranslations()
  const appointments = await getAppointments()
  const merchants = new Map<string, any>()
  for (const id of new Set(appointments.map((a) => a.merchant_id))) merchants.set(id, await getMerchant(id))
  // What the customer got back, as the backend decided it: free inside the window, else the shop's policy.
  const cancellationText = (c: any) => {
    const policy = c.policy === "free" ? t("account.cancelFree") : t("account.cancelLate")
    if (c.refund_status === "not_captured") return `${policy} · ${t("account.notCharged")}`
    const refunded = Number(c.refunded_amount ?? 0)
    return `${policy} · ${refunded > 0 ? t("account.refunded", { amount: money(refunded, locale) }) : t("account.noRefund")}`
  }
  const upcoming = (a: any) => a.status === "confirmed" && new Date(a.start_at).getTime() > Date.now()
  return (
    <section className="stack">
      <h1>{t("account.appointments")}</h1>
      {appointments.length === 0 && <p className="muted">{t("account.noAppointments")}</p>}
      <ul className="lines" data-testid="my-appointments">
        {appointments.map((a) => {
          const m = merchants.get(a.merchant_id)
          return (
            <li key={a.id} className="line" data-testid="appointment" data-appointment-id={a.id} data-status={a.status}>
              <div className="grow">
                <p className="line-title">{m?.name ?? a.merchant_id}</p>
                <p>{dateTime(a.start_at, locale)} · {locale === "en" ? a.status : a.status_label ?? a.status}</p>
                {a.code && upcoming(a) && <p>{t("order.code")}：<strong className="code">{a.code}</strong></p>}
                {a.status === "confirmed" && a.reschedules?.length > 0 && (
                  <p className="muted" data-testid="rescheduled-from">
                    {t("account.rescheduledFrom", { time: dateTime(a.reschedules[a.reschedules.length - 1].from.start_at, locale) })}
                  </p>
                )}
                {a.status === "cancelled" && a.cancellation && <p className="muted" data-testid="cancellation">{cancellationText(a.cancellation)}</p>}
              </div>
              <div className="actions">
                {a.order_id && <Link href={`/orders/${a.order_id}`}>{t("account.orderLink")}</Link>}
                {/* The backend's lifecycle says what may be done with each appointment now. */}
                {m && a.actions?.includes("reschedule") && (
                  <Link href={{ pathname: `/merchants/${m.slug}`, query: { reschedule: a.id, offering: a.offering_id } }}>{t("account.reschedule")}</Link>
                )}
                {a.actions?.includes("cancel") && <CancelAppointment id={a.id} label={t("account.cancel")} done={t("account.cancelled")} />}
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
