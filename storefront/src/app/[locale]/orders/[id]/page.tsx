import type { Metadata } from "next"
import { notFound } from "next/navigation"
import QRCode from "qrcode"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link, redirect } from "@/i18n/navigation"
import { CancelAppointment } from "@/components/AppointmentActions"
import { CancelOrder, RefundVoucher } from "@/components/OrderActions"
import { getCustomer, getOrderLifecycle } from "@/lib/data"
import { dateTime, money } from "@/lib/format"

export const metadata: Metadata = { robots: { index: false } }

const qrImage = (text: string) => QRCode.toDataURL(text, { margin: 1, width: 200, errorCorrectionLevel: "M" })
/** 8-digit appointment codes and 12-digit voucher codes read in groups of four. */
const grouped = (code: string) => code.replace(/(\d{4})(?=\d)/g, "$1 ")
const COUPON_CODE_PREFIX = "TCQ-"

/**
 * The customer's order as the backend's order lifecycle sees it: its status (and why, once rejected or
 * cancelled), the shop, what was charged and discounted, the money sent back or released, and what to
 * show at the shop (appointment codes, voucher codes). Every button is one the backend offers now.
 */
export default async function OrderPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params
  setRequestLocale(locale)
  if (!(await getCustomer())) redirect({ href: "/account", locale })
  const t = await getTranslations()
  const order = await getOrderLifecycle(id)
  if (!order) notFound()
  const { amounts, shop } = order
  const cur = amounts.currency_code
  const m = (v: number) => money(v, locale, cur)
  const label = (status: string, zh: string, group: string) => (locale === "en" ? (t.has(`${group}.${status}`) ? t(`${group}.${status}`) : status) : zh ?? status)
  const appointments = await Promise.all(order.appointments.map(async (a) => ({ ...a, qr: a.qr_payload ? await qrImage(a.qr_payload) : null })))
  const vouchers = await Promise.all(order.vouchers.map(async (v) => ({ ...v, qr: v.qr_payload ? await qrImage(v.qr_payload) : null })))
  // A discount's Medusa code means nothing to a customer; a coupon's is shown as 优惠券.
  const discountName = (code: string) => (!code ? t("order.discount") : code.toUpperCase().startsWith(COUPON_CODE_PREFIX) ? t("order.coupon") : code)
  const listedDiscount = amounts.discounts.reduce((s, d) => s + d.amount, 0)
  // Whatever else lowered the total (points paid with a credit line): the lines then add up to 实付.
  const other = Math.round((amounts.items - amounts.discount + amounts.shipping - amounts.total) * 100) / 100
  const released = amounts.released ?? 0
  return (
    <section className="stack" data-testid="order-confirmation">
      <h1>{order.status === "new" ? t("order.title") : t("order.detailTitle")}</h1>
      {order.status === "new" && <p>{t("order.thanks")}</p>}
      <dl className="facts">
        <dt>{t("order.number")}</dt>
        <dd data-testid="order-number">#{order.display_id}</dd>
        {order.created_at && (
          <>
            <dt>{t("order.placedAt")}</dt>
            <dd>{dateTime(order.created_at, locale)}</dd>
          </>
        )}
        <dt>{t("order.status")}</dt>
        <dd>
          <span className="tag" data-testid="order-status" data-status={order.status}>{label(order.status, order.status_label, "merchantCenter.orderStatus")}</span>
        </dd>
        {shop && (
          <>
            <dt>{t("order.merchant")}</dt>
            <dd data-testid="order-shop">
              <Link href={`/merchants/${shop.slug}`}>{shop.name}</Link>
              {shop.phone && (
                <>
                  {" · "}
                  <a href={`tel:${shop.phone}`}>{shop.phone}</a>
                </>
              )}
              {shop.address && <span className="muted"> · {shop.address}</span>}
            </dd>
          </>
        )}
      </dl>
      {order.reason && (
        <p className="notice" data-testid="order-reason">
          {t(order.status === "rejected" ? "order.rejectReason" : "order.cancelReason", { reason: order.reason })}
        </p>
      )}

      <h2>{t("order.items")}</h2>
      <ul className="plain">
        {order.items.map((i) => (
          <li key={i.id} data-testid="order-line">
            {i.title} × {i.quantity}
            {i.variant_title && <span className="muted"> · {i.variant_title}</span>}
            {" — "}
            <span className="muted" style={{ whiteSpace: "nowrap" }}>{t("order.unitPrice", { price: m(i.unit_price) })}</span>
            {i.discount > 0 && (
              <>
                <span className="muted"> · </span>
                <span className="muted" style={{ whiteSpace: "nowrap" }}>{t("order.lineDiscount", { amount: m(i.discount) })}</span>
              </>
            )}
            {" · "}
            {m(i.total)}
          </li>
        ))}
      </ul>
      <dl className="facts" data-testid="order-breakdown">
        <dt>{t("order.itemsAmount")}</dt>
        <dd>{m(amounts.items)}</dd>
        {amounts.discounts.map((d) => (
          <FactRow key={d.code} term={discountName(d.code)} value={`−${m(d.amount)}`} />
        ))}
        {amounts.discount - listedDiscount > 0.005 && <FactRow term={t("order.discount")} value={`−${m(amounts.discount - listedDiscount)}`} />}
        {amounts.shipping > 0 && <FactRow term={t("order.shipping")} value={m(amounts.shipping)} />}
        {other > 0.005 && <FactRow term={t("order.otherDeduction")} value={`−${m(other)}`} />}
        <dt>{t("order.total")}</dt>
        <dd data-testid="order-total"><strong>{m(amounts.total)}</strong></dd>
      </dl>

      {(order.refunds.length > 0 || released > 0) && (
        <section className="stack" data-testid="order-refunds">
          <h2>{t("order.refunds")}</h2>
          <ul className="plain">
            {order.refunds.map((r) => (
              <li key={r.id} data-testid="order-refund">
                {t("order.refundLine", { amount: m(r.amount) })}
                {r.note && <span className="muted"> · {r.note}</span>}
                <span className="muted"> · {dateTime(r.created_at, locale)}</span>
              </li>
            ))}
            {released > 0 && (
              <li data-testid="order-released">
                {t("order.released", { amount: m(released) })}
                <span className="muted"> · {t("order.releasedHint")}</span>
              </li>
            )}
          </ul>
        </section>
      )}

      {appointments.map((a) => (
        <section key={a.id} className="card appointment" data-testid="order-appointment" data-status={a.status}>
          <h2>{t("order.appointment")}</h2>
          <dl className="facts">
            <dt>{t("order.time")}</dt>
            <dd data-testid="appointment-time">{dateTime(a.start_at, locale)}</dd>
            <dt>{t("order.status")}</dt>
            <dd>{locale === "en" ? a.status : a.status_label ?? a.status}</dd>
            {a.code && (
              <>
                <dt>{t("order.code")}</dt>
                <dd className="code" data-testid="redemption-code">{grouped(a.code)}</dd>
              </>
            )}
          </dl>
          {a.qr && (
            <figure>
              <img src={a.qr} alt={t("order.qrAlt", { code: a.code ?? "" })} width={200} height={200} className="qr" data-testid="redemption-qr" />
              <figcaption className="muted">{t("order.codeHint")}</figcaption>
            </figure>
          )}
          {((a.actions ?? []) as string[]).length > 0 && (
            <div className="actions">
              {a.actions.includes("reschedule") && shop && (
                <Link href={{ pathname: `/merchants/${shop.slug}`, query: { reschedule: a.id, offering: a.offering_id } }}>{t("account.reschedule")}</Link>
              )}
              {a.actions.includes("cancel") && <CancelAppointment id={a.id} label={t("account.cancel")} done={t("account.cancelled")} />}
            </div>
          )}
        </section>
      ))}

      {vouchers.length > 0 && <h2>{t("order.vouchers")}</h2>}
      {vouchers.map((v) => (
        <section key={v.id} className="card appointment" data-testid="order-voucher" data-voucher-id={v.id} data-status={v.status}>
          <h3>{v.title}</h3>
          <dl className="facts">
            <dt>{t("order.status")}</dt>
            <dd data-testid="voucher-status">{locale === "en" ? v.status : v.status_label ?? v.status}</dd>
            {v.code && (
              <>
                <dt>{t("order.voucherCode")}</dt>
                <dd className="code" data-testid="voucher-code">{grouped(v.code)}</dd>
              </>
            )}
            {v.expires_at && v.status === "unused" && (
              <>
                <dt>{t("order.validUntil")}</dt>
                <dd data-testid="voucher-expiry">{dateTime(v.expires_at, locale)}</dd>
              </>
            )}
            {v.refund && (
              <>
                <dt>{t("order.refunds")}</dt>
                <dd className="muted" data-testid="voucher-refund">
                  {v.refund.refund_status === "with_order"
                    ? t("order.voucherWithOrder")
                    : v.refund.refund_status === "not_captured"
                      ? t("account.notCharged")
                      : t("order.refundLine", { amount: m(Number(v.refund.refunded_amount ?? v.refund.amount ?? 0)) })}
                </dd>
              </>
            )}
          </dl>
          {v.qr && (
            <figure>
              <img
                src={v.qr}
                alt={t("order.voucherQrAlt", { code: v.code ?? "" })}
                width={200}
                height={200}
                className="qr"
                data-testid="voucher-qr"
                data-qr-text={v.qr_payload}
              />
              <figcaption className="muted">{t("order.voucherHint")}</figcaption>
            </figure>
          )}
          {(v.actions ?? []).includes("refund") && (
            <RefundVoucher
              id={v.id}
              labels={{ refund: t("order.refundVoucher"), confirm: t("order.confirmRefundVoucher"), keep: t("order.keep"), done: t("order.voucherRefunded") }}
            />
          )}
        </section>
      ))}

      {order.actions.includes("cancel") && (
        <CancelOrder
          id={order.order_id}
          labels={{ cancel: t("order.cancelOrder"), reason: t("order.cancelReasonLabel"), confirm: t("order.confirmCancel"), keep: t("order.keep"), done: t("order.orderCancelled") }}
        />
      )}
      <p className="actions">
        <Link href="/account/orders">{t("order.myOrders")}</Link>
        <Link href="/account/appointments">{t("order.myAppointments")}</Link>
      </p>
    </section>
  )
}

function FactRow({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  )
}
