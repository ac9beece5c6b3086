import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { EmptyCartButton, QtyControls } from "@/components/CartLine"
import { getCart, getCartHolds, getMerchant } from "@/lib/data"
import { dateTime, money, time } from "@/lib/format"

export const metadata: Metadata = { robots: { index: false } }

export default async function CartPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const t = await getTranslations()
  const cart = await getCart()
  if (!cart || !cart.items?.length) {
    return (
      <section className="empty-state">
        <h1>{t("cart.title")}</h1>
        <p>{t("cart.empty")}</p>
        <Link href="/" className="btn">{t("cart.browse")}</Link>
      </section>
    )
  }
  const holds = await getCartHolds(cart.id)
  const holdById = new Map(holds.map((h) => [h.id, h]))
  const merchantId = cart.items.map((i: any) => i.product?.metadata?.merchant_id).find(Boolean)
  const merchant = merchantId ? await getMerchant(merchantId) : null
  return (
    <>
      <h1>{t("cart.title")}</h1>
      {merchant && (
        <p>
          {t("cart.merchant")}：<Link href={`/merchants/${merchant.slug}`}>{merchant.name}</Link>
        </p>
      )}
      <ul className="lines" data-testid="cart-lines">
        {cart.items.map((item: any) => {
          const hold = item.metadata?.appointment_id ? holdById.get(item.metadata.appointment_id) : undefined
          return (
            <li key={item.id} className="line">
              {item.thumbnail && <img src={item.thumbnail} alt={t("merchant.productAlt", { title: item.product_title ?? item.title })} width={56} height={56} className="thumb" />}
              <div className="grow">
                <p className="line-title">{item.product_title ?? item.title}{item.variant_title && item.variant_title !== "标准" ? ` · ${item.variant_title}` : ""}</p>
                {hold && (
                  <p className="appt" data-testid="cart-appointment">
                    {t("cart.appointment")}：<strong>{dateTime(hold.start_at, locale)}</strong>
                    {hold.expires_at && <span className="muted"> · {t("cart.heldUntil", { time: time(hold.expires_at, locale) })}</span>}
                  </p>
                )}
                <p className="price">{money(item.unit_price, locale, cart.currency_code)} × {item.quantity}</p>
              </div>
              <QtyControls lineId={item.id} quantity={item.quantity} removeLabel={t("cart.remove")} fixed={!!item.metadata?.appointment_id} />
            </li>
          )
        })}
      </ul>
      <dl className="totals">
        <dt>{t("cart.subtotal")}</dt>
        <dd>{money(cart.item_total ?? cart.subtotal, locale, cart.currency_code)}</dd>
        {cart.shipping_total > 0 && (
          <>
            <dt>{t("cart.shipping")}</dt>
            <dd>{money(cart.shipping_total, locale, cart.currency_code)}</dd>
          </>
        )}
        <dt className="total">{t("cart.total")}</dt>
        <dd className="total" data-testid="cart-total">{money(cart.total, locale, cart.currency_code)}</dd>
        {cart.tax_total > 0 && (
          <>
            <dt className="muted">{t("cart.tax")}</dt>
            <dd className="muted">{money(cart.tax_total, locale, cart.currency_code)}</dd>
          </>
        )}
      </dl>
      <p className="muted">{t("cart.oneMerchant")}</p>
      <div className="actions">
        <EmptyCartButton label={t("cart.clear")} />
        <Link href="/checkout" className="btn" data-testid="go-checkout">{t("cart.checkout")}</Link>
      </div>
    </>
  )
}
