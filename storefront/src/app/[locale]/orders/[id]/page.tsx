import type { Metadata } from "next"
import { notFound } from "next/navigation"
import QRCode from "qrcode"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { getAppointments, getMerchant, getOrder } from "@/lib/data"
import { dateTime, money } from "@/lib/format"

export const metadata: Metadata = { robots: { index: false } }

export default async function OrderPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params
  setRequestLocale(locale)
  const t = await getTranslations()
  const order = await getOrder(id)
  if (!order) notFound()
  const appointments = (await getAppointments()).filter((a) => a.order_id === order.id)
  const merchantId = appointments[0]?.merchant_id ?? order.metadata?.merchant_id ?? order.items?.[0]?.metadata?.merchant_id
  const merchant = merchantId ? await getMerchant(merchantId) : null
  const withQr = await Promise.all(
    appointments.map(async (a) => ({
      ...a,
      qr: a.qr_payload ? await QRCode.toDataURL(a.qr_payload, { margin: 1, width: 200, errorCorrectionLevel: "M" }) : null,
    }))
  )
  return (
    <section className="stack" data-testid="order-confirmation">
      <h1>{t("order.title")}</h1>
      <p>{t("order.thanks")}</p>
      <dl className="facts">
        <dt>{t("order.number")}</dt>
        <dd data-testid="order-number">#{order.display_id}</dd>
        <dt>{t("order.placedAt")}</dt>
        <dd>{dateTime(order.created_at, locale)}</dd>
        {merchant && (
          <>
            <dt>{t("order.merchant")}</dt>
            <dd><Link href={`/merchants/${merchant.slug}`}>{merchant.name}</Link></dd>
          </>
        )}
        <dt>{t("order.total")}</dt>
        <dd data-testid="order-total">{money(order.total, locale, order.currency_code)}</dd>
      </dl>
      <h2>{t("order.items")}</h2>
      <ul className="plain">
        {(order.items ?? []).map((i: any) => (
          <li key={i.id}>
            {i.product_title ?? i.title} × {i.quantity} — {money(i.total ?? i.unit_price * i.quantity, locale, order.currency_code)}
          </li>
        ))}
      </ul>
      {withQr.map((a) => (
        <section key={a.id} className="card appointment" data-testid="order-appointment">
          <h2>{t("order.appointment")}</h2>
          <dl className="facts">
            <dt>{t("order.time")}</dt>
            <dd data-testid="appointment-time">{dateTime(a.start_at, locale)}</dd>
            <dt>{t("order.status")}</dt>
            <dd>{locale === "en" ? a.status : a.status_label ?? a.status}</dd>
            {a.code && (
              <>
                <dt>{t("order.code")}</dt>
                <dd className="code" data-testid="redemption-code">{a.code.replace(/(\d{4})(?=\d)/g, "$1 ")}</dd>
              </>
            )}
          </dl>
          {a.qr && (
            <figure>
              <img src={a.qr} alt={t("order.qrAlt", { code: a.code ?? "" })} width={200} height={200} className="qr" data-testid="redemption-qr" />
              <figcaption className="muted">{t("order.codeHint")}</figcaption>
            </figure>
          )}
        </section>
      ))}
      <p className="actions">
        <Link href="/account/orders">{t("order.myOrders")}</Link>
        <Link href="/account/appointments">{t("order.myAppointments")}</Link>
      </p>
    </section>
  )
}
