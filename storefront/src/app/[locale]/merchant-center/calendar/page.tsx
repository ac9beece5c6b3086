import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link, redirect } from "@/i18n/navigation"
import { AppointmentButtons, ClosureForm, RedeemForm, RemoveClosure, type AppointmentButton } from "@/components/MerchantCenter"
import { errorMessage } from "@/lib/medusa"
import { getCalendar, getVendor, type CalendarDay } from "@/lib/merchant-center"
import { addDays, time } from "@/lib/format"
import { MerchantNav } from "../nav"

export const metadata: Metadata = { robots: { index: false } }

/** The lifecycle's appointment actions the calendar has a button for, and the button's label. */
const BUTTONS: Record<string, { action: AppointmentButton["action"]; label: "redeem" | "complete" | "noShow" }> = {
  redeem: { action: "redeem", label: "redeem" },
  no_show: { action: "no-show", label: "noShow" },
  complete: { action: "complete", label: "complete" },
}

/** 预约日历: one day of the shop, a column per resource, with 核销 at the top. */
export default async function CalendarPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<{ date?: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const vendor = await getVendor()
  if (!vendor) redirect({ href: "/merchant-center", locale })
  const t = await getTranslations("merchantCenter")
  const { date } = await searchParams
  let day: CalendarDay | null = null
  let error: string | null = null
  try {
    // A malformed date is the backend's to refuse, with its message: the page shows it instead of a day.
    day = await getCalendar(date || undefined)
  } catch (e) {
    error = errorMessage(e)
  }
  const tz = day?.merchant.timezone ?? "Asia/Shanghai"
  return (
    <section className="stack">
      <h1>{t("calendar")}</h1>
      <MerchantNav vendor={vendor!} locale={locale} current="calendar" />
      <RedeemForm
        labels={{
          title: t("redeemTitle"),
          code: t("redeemCode"),
          submit: t("redeem"),
          done: t("redeemed"),
          anyway: t("redeemAnyway"),
          reason: t("redeemReason"),
          confirm: t("confirmRedeem"),
        }}
      />
      {error && <p className="error" role="alert" data-testid="calendar-error">{t("loadError", { error })}</p>}
      {day && (
        <>
          <form className="row controls" method="get" data-testid="calendar-day">
            <Link href={{ pathname: "/merchant-center/calendar", query: { date: addDays(day.date, -1) } }} className="btn small ghost" data-testid="prev-day">
              {t("prevDay")}
            </Link>
            <div className="field">
              <label htmlFor="mc-date">{t("date")}</label>
              <input id="mc-date" type="date" name="date" defaultValue={day.date} />
            </div>
            <button type="submit" className="btn small secondary">{t("show")}</button>
            <Link href={{ pathname: "/merchant-center/calendar", query: { date: addDays(day.date, 1) } }} className="btn small ghost" data-testid="next-day">
              {t("nextDay")}
            </Link>
          </form>
          {day.resources.length === 0 && <p className="muted">{t("noResources")}</p>}
          {day.resources.length > 0 && (
            <ClosureForm
              date={day.date}
              tz={tz}
              resources={day.resources.map((r) => ({ id: r.id, name: r.name }))}
              labels={{ title: t("closureTitle"), resource: t("closureResource"), wholeShop: t("wholeShop"), from: t("from"), to: t("to"), reason: t("closureReason"), submit: t("addClosure") }}
            />
          )}
          {day.resources.map((r) => (
            <section key={r.id} className="stack" data-testid="calendar-resource" data-resource-id={r.id}>
              <h2>{r.name}</h2>
              <p className="muted">{t("capacity", { count: r.capacity })}</p>
              {r.closures.map((c: any) => (
                <div key={c.id} className="notice row controls" data-testid="closure" data-closure-id={c.id}>
                  <p className="grow">
                    {t(c.resource_id ? "closed" : "closedShop", { reason: c.reason ?? "" })} {time(c.starts_at, locale, tz)}–{time(c.ends_at, locale, tz)}
                  </p>
                  <RemoveClosure id={c.id} label={t("removeClosure")} />
                </div>
              ))}
              {r.appointments.length === 0 && <p className="muted">{t("noAppointments")}</p>}
              <ul className="lines">
                {r.appointments.map((a) => {
                  // Only what the backend's order lifecycle offers on this booking now, in its order.
                  const actions = (a.actions ?? []).flatMap((x): AppointmentButton[] => (BUTTONS[x] ? [{ action: BUTTONS[x].action, label: t(BUTTONS[x].label) }] : []))
                  return (
                    <li key={a.id} className="line" data-testid="calendar-appointment" data-appointment-id={a.id} data-status={a.status}>
                      <div className="grow">
                        <p className="line-title">
                          <span data-testid="appointment-slot">{time(a.start_at, locale, tz)}–{time(a.end_at, locale, tz)}</span> {a.offering_name}
                        </p>
                        <p>
                          <span className="tag" data-testid="appointment-status">{t.has(`apptStatus.${a.status}`) ? t(`apptStatus.${a.status}`) : a.status}</span>{" "}
                          {t("party", { count: a.party_size })}
                        </p>
                        {(a.contact || a.order_display_id) && (
                          <p data-testid="appointment-contact">
                            {[a.contact?.name, a.contact?.phone && <a key="tel" href={`tel:${a.contact.phone}`}>{a.contact.phone}</a>, a.order_display_id && t("orderNo", { id: a.order_display_id })]
                              .filter(Boolean)
                              .flatMap((x, i) => (i ? [" · ", x] : [x]))}
                          </p>
                        )}
                        {a.address?.address_1 && <p className="muted">{t("atHome", { address: [a.address.city, a.address.address_1].filter(Boolean).join(" ") })}</p>}
                      </div>
                      <AppointmentButtons id={a.id} actions={actions} redeemHint={t("redeemHint")} />
                    </li>
                  )
                })}
              </ul>
            </section>
          ))}
        </>
      )}
    </section>
  )
}
