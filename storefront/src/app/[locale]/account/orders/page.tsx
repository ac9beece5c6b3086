import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link, redirect } from "@/i18n/navigation"
import { getCustomer, getOrderLifecycle, getOrders } from "@/lib/data"
import { dateTime, money } from "@/lib/format"

export const metadata: Metadata = { robots: { index: false } }

const STATUS_FOR = 10

export default async function OrdersPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  if (!(await getCustomer())) redirect({ href: "/account", locale })
  const t = await getTranslations()
  const orders = await getOrders()
  // The lifecycle's status for the newest orders only: one backend call each, so older ones go without.
  const statuses = new Map(
    (
      await Promise.all(
        orders.slice(0, STATUS_FOR).map((o) =>
          getOrderLifecycle(o.id).then(
            (l) => [o.id, l] as const,
            () => [o.id, null] as const
          )
        )
      )
    ).flatMap(([id, l]) => (l ? [[id, l] as const] : []))
  )
  return (
    <section className="stack">
      <h1>{t("account.orders")}</h1>
      {orders.length === 0 && <p className="muted">{t("account.noOrders")}</p>}
      <ul className="lines" data-testid="my-orders">
        {orders.map((o) => (
          <li key={o.id} className="line">
            <div className="grow">
              <p className="line-title">#{o.display_id} · {(o.items ?? []).map((i: any) => i.product_title ?? i.title).join("、")}</p>
              <p className="muted">
                {dateTime(o.created_at, locale)}
                {statuses.get(o.id) && (
                  <>
                    {" "}
                    <span className="tag" data-testid="my-order-status">
                      {locale === "en" ? t(`merchantCenter.orderStatus.${statuses.get(o.id)!.status}`) : statuses.get(o.id)!.status_label}
                    </span>
                  </>
                )}
              </p>
            </div>
            <div>
              <p className="price">{money(o.total, locale, o.currency_code)}</p>
              <Link href={`/orders/${o.id}`}>{t("account.orderLink")}</Link>
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
