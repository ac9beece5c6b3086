import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link, redirect } from "@/i18n/navigation"
import { OrderButtons } from "@/components/MerchantCenter"
import { dateTime, money } from "@/lib/format"
import { getVendor, getVendorOrders, ORDER_STATUSES } from "@/lib/merchant-center"
import { MerchantNav } from "../nav"

export const metadata: Metadata = { robots: { index: false } }

/** The shop's orders, newest first, by shop-side status, with the next step each allows. */
export default async function MerchantOrdersPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>
  searchParams: Promise<{ status?: string; offset?: string }>
}) {
  const { locale } = await params
  setRequestLocale(locale)
  const vendor = await getVendor()
  if (!vendor) redirect({ href: "/merchant-center", locale })
  const t = await getTranslations("merchantCenter")
  const q = await searchParams
  const status = (ORDER_STATUSES as readonly string[]).includes(q.status ?? "") ? q.status : undefined
  const offset = Math.max(0, Number.parseInt(q.offset ?? "0", 10) || 0)
  const { orders, count, limit } = await getVendorOrders(status, offset)
  const tz = vendor!.merchant?.timezone ?? "Asia/Shanghai"
  /** Whom to call: the name and mobile given at checkout, else the customer's account. */
  const contact = (o: any): { name: string; phone: string | null } | null => {
    const a = o.shipping_address
    const c = o.customer
    const name = [a?.last_name, a?.first_name].filter(Boolean).join("") || [c?.last_name, c?.first_name].filter(Boolean).join("") || o.email
    const phone = a?.phone || c?.phone || null
    return name || phone ? { name: name || "—", phone } : null
  }
  const page = (o: number) => ({ pathname: "/merchant-center/orders", query: { ...(status ? { status } : {}), ...(o ? { offset: o } : {}) } })
  return (
    <section className="stack">
      <h1>{t("orders")}</h1>
      <MerchantNav vendor={vendor!} locale={locale} current="orders" />
      <nav className="chips" aria-label={t("orders")}>
        <Link href="/merchant-center/orders" className="chip" aria-current={!status ? "page" : undefined}>{t("all")}</Link>
        {ORDER_STATUSES.map((s) => (
          <Link key={s} href={{ pathname: "/merchant-center/orders", query: { status: s } }} className="chip" aria-current={status === s ? "page" : undefined} data-testid={`orders-tab-${s}`}>
            {t(`orderStatus.${s}`)}
          </Link>
        ))}
      </nav>
      {orders.length === 0 && <p className="muted">{t("noOrders")}</p>}
      <ul className="lines" data-testid="merchant-orders">
        {orders.map((o) => (
          <li key={o.id} className="line" data-testid="merchant-order" data-order-id={o.id} data-status={o.merchant_status}>
            <div className="grow">
              <p className="line-title">{t("orderNo", { id: o.display_id })} · {dateTime(o.created_at, locale)}</p>
              <p>{(o.items ?? []).map((i: any) => `${i.title} × ${i.quantity}`).join("，")}</p>
              <p>
                <strong>{money(o.total, locale, o.currency_code)}</strong>{" "}
                <span className="tag" data-testid="order-merchant-status">{t(`orderStatus.${o.merchant_status}`)}</span>
              </p>
              {contact(o) && (
                <p data-testid="order-customer">
                  {t("customer", { name: contact(o)!.name })}
                  {contact(o)!.phone && (
                    <>
                      {" · "}
                      <a href={`tel:${contact(o)!.phone}`}>{contact(o)!.phone}</a>
                    </>
                  )}
                </p>
              )}
              {(o.appointments ?? []).map((a: any) => (
                <p key={a.id} data-testid="order-appointment-time">
                  {t("appointmentAt", { time: dateTime(a.start_at, locale, tz) })}{" "}
                  <span className="tag">{t.has(`apptStatus.${a.status}`) ? t(`apptStatus.${a.status}`) : a.status}</span>
                </p>
              ))}
              {(o.vouchers ?? []).length > 0 && (
                <p data-testid="order-vouchers">
                  {t("vouchersRedeemed", { redeemed: o.vouchers.filter((v: any) => v.status === "redeemed").length, total: o.vouchers.length })}
                </p>
              )}
              {o.merchant_status_detail?.reject_reason && <p className="muted">{t("rejectReason", { reason: o.merchant_status_detail.reject_reason })}</p>}
            </div>
            <OrderButtons
              id={o.id}
              actions={o.actions ?? []}
              labels={{ accept: t("accept"), reject: t("reject"), ready: t("ready"), complete: t("completeOrder"), reason: t("reason"), confirmReject: t("confirmReject") }}
            />
          </li>
        ))}
      </ul>
      {count > limit && (
        <nav className="pager">
          {offset > 0 && <Link href={page(Math.max(0, offset - limit))}>{t("prevPage")}</Link>}
          {offset + limit < count && <Link href={page(offset + limit)}>{t("nextPage")}</Link>}
        </nav>
      )}
    </section>
  )
}
