import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { SignInForm, SignUpForm } from "@/components/AuthForms"
import { CheckoutForm } from "@/components/CheckoutForm"
import { CouponPicker, PointsForm } from "@/components/Marketing"
import { getCart, getCartCoupons, getCartHolds, getCartPoints, getCustomer, getMerchant, getPaymentProviders, getShippingOptions } from "@/lib/data"
import { dateTime, money } from "@/lib/format"
import { isKnownProvider, usableProviders } from "@/lib/payments"

export const metadata: Metadata = { robots: { index: false } }

export default async function CheckoutPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const t = await getTranslations()
  const cart = await getCart()
  if (!cart || !cart.items?.length) {
    return (
      <section className="empty-state">
        <h1>{t("checkout.title")}</h1>
        <p>{t("cart.empty")}</p>
        <Link href="/" className="btn">{t("cart.browse")}</Link>
      </section>
    )
  }
  const customer = await getCustomer()
  const authLabels = {
    signIn: t("account.signIn"),
    signUp: t("account.signUp"),
    email: t("account.email"),
    password: t("account.password"),
    passwordHint: t("account.passwordHint"),
    firstName: t("account.firstName"),
    lastName: t("account.lastName"),
    phone: t("account.phone"),
  }
  const checkoutPath = locale === "en" ? "/en/checkout" : "/checkout"
  const holds = await getCartHolds(cart.id)
  const summary = (
    <section className="summary" aria-labelledby="sum">
      <h2 id="sum">{t("checkout.summary")}</h2>
      <ul className="plain">
        {cart.items.map((i: any) => {
          const hold = holds.find((h) => h.id === i.metadata?.appointment_id)
          return (
            <li key={i.id}>
              {i.product_title ?? i.title} × {i.quantity} — {money(i.total ?? i.unit_price * i.quantity, locale, cart.currency_code)}
              {hold && <div className="muted">{t("cart.appointment")}：{dateTime(hold.start_at, locale)}</div>}
            </li>
          )
        })}
      </ul>
      {Number(cart.discount_total) > 0 && (
        <p data-testid="discount-total">
          {t("checkout.couponDiscount")} −{money(cart.discount_total, locale, cart.currency_code)}
        </p>
      )}
      {Number(cart.credit_line_total) > 0 && (
        <p data-testid="points-total">
          {t("checkout.pointsDiscount")} −{money(cart.credit_line_total, locale, cart.currency_code)}
        </p>
      )}
      <p className="total" data-testid="cart-total">{t("cart.total")} {money(cart.total, locale, cart.currency_code)}</p>
    </section>
  )
  if (!customer) {
    return (
      <>
        <h1>{t("checkout.title")}</h1>
        {summary}
        <p className="notice">{t("checkout.signInFirst")}</p>
        <div className="two-col">
          <SignUpForm labels={authLabels} next={checkoutPath} locale={locale} />
          <SignInForm labels={authLabels} next={checkoutPath} locale={locale} />
        </div>
      </>
    )
  }

  // Services are consumed at the shop and need no shipping; goods are picked up or delivered.
  const needsShipping = cart.items.some((i: any) => i.requires_shipping)
  const atHome = holds.some((h) => h.address)
  const merchantId = cart.items.map((i: any) => i.product?.metadata?.merchant_id).find(Boolean)
  const [providers, shipping, wallet, points, merchant] = await Promise.all([
    getPaymentProviders(cart.region_id),
    needsShipping ? getShippingOptions(cart.id) : Promise.resolve([]),
    // The cart becomes the customer's when they sign in; until then these answer as missing.
    cart.customer_id === customer.id ? getCartCoupons(cart.id) : Promise.resolve(null),
    cart.customer_id === customer.id ? getCartPoints(cart.id) : Promise.resolve(null),
    merchantId ? getMerchant(merchantId) : Promise.resolve(null),
  ])
  const providerLabel = (id: string) => (isKnownProvider(id) ? t(`checkout.providers.${id}` as any) : id)
  const sortedProviders = usableProviders(providers)
  const name = [customer.last_name, customer.first_name].filter(Boolean).join("")
  const defaults = {
    name,
    phone: (customer.phone ?? "").replace(/^\+86/, ""),
    // Delivery and at-home visits happen in the shop's own city, so the address starts there.
    city: merchant?.city ?? "",
    street: holds.find((h) => h.address)?.address?.address_1 ?? "",
  }
  return (
    <>
      <h1>{t("checkout.title")}</h1>
      {summary}
      {wallet && (
        <CouponPicker
          options={wallet.coupons.map((c: any) => ({
            id: c.customer_coupon_id,
            title: c.batch.title,
            applicable: c.applicable,
            reason: c.reason,
            discount: money(c.discount, locale, cart.currency_code),
            applied: c.applied,
          }))}
          bestId={wallet.best?.applicable ? wallet.best.customer_coupon_id : null}
          labels={{
            legend: t("checkout.coupons"),
            none: t("checkout.noCoupon"),
            best: t("checkout.bestCoupon"),
            apply: t("checkout.applyCoupon"),
            remove: t("checkout.removeCoupon"),
            applied: t("checkout.couponApplied"),
            removed: t("checkout.couponRemoved"),
            empty: t("checkout.walletEmpty"),
          }}
        />
      )}
      {points && points.balance > 0 && (
        <PointsForm
          balance={points.balance}
          max={points.max_usable ?? points.max_points ?? 0}
          step={points.step ?? 1}
          applied={points.applied_points ?? 0}
          labels={{
            legend: t("checkout.points"),
            hint: t("checkout.pointsHint", { balance: points.balance, max: points.max_usable ?? points.max_points ?? 0 }),
            field: t("checkout.pointsField"),
            use: t("checkout.usePoints"),
            remove: t("checkout.removePoints"),
            applied: t("checkout.pointsApplied"),
            removed: t("checkout.pointsRemoved"),
          }}
        />
      )}
      <CheckoutForm
        locale={locale}
        needsAddress={needsShipping || atHome}
        shippingOptions={shipping.map((o: any) => ({ id: o.id, label: `${o.name} ${money(o.amount ?? o.calculated_price?.calculated_amount ?? 0, locale, cart.currency_code)}` }))}
        providers={sortedProviders.map((id) => ({ id, label: providerLabel(id) }))}
        defaults={defaults}
        labels={{
          contact: t("checkout.contact"),
          name: t("checkout.name"),
          phone: t("checkout.phone"),
          address: t("checkout.address"),
          addressFor: t("checkout.addressFor"),
          city: t("checkout.city"),
          district: t("checkout.district"),
          street: t("checkout.street"),
          delivery: t("checkout.delivery"),
          payment: t("checkout.payment"),
          pay: t("checkout.pay", { amount: money(cart.total, locale, cart.currency_code) }),
          noProviders: t("checkout.noProviders"),
        }}
      />
    </>
  )
}
