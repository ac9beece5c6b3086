import type { Metadata } from "next"
import QRCode from "qrcode"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { CardPayment } from "@/components/CardPayment"
import { PaymentPoller } from "@/components/PaymentPoller"
import { getCart } from "@/lib/data"
import { stripePublishableKey } from "@/lib/env"
import { money } from "@/lib/format"
import { CARD_PROVIDER } from "@/lib/payments"

export const metadata: Metadata = { robots: { index: false } }

/**
 * The gateway step. What to show comes from the payment session's `data`, as the providers return it:
 * WeChat Native `code_url` and Alipay precreate `qr_code` become a QR image; Alipay page/WAP `redirect_url`
 * and WeChat H5 `h5_url` are opened. The order appears once the gateway's callback has been applied.
 * Cards: Stripe's Payment Element on the PaymentIntent's `client_secret`; Stripe returns the browser to
 * /checkout/card-return, which completes the cart. `?card=failed|pending` is how that route comes back here.
 */
export default async function PayPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { locale } = await params
  const card = (await searchParams).card
  setRequestLocale(locale)
  const t = await getTranslations()
  const cart = await getCart()
  const pc = cart?.payment_collection
  const session = (pc?.payment_sessions ?? []).find((s: any) => s.status === "pending" || s.status === "requires_more") ?? pc?.payment_sessions?.[0]
  if (!cart || !pc || !session) {
    return (
      <section className="empty-state">
        <h1>{t("pay.title")}</h1>
        <p>{t("cart.empty")}</p>
        <Link href="/cart" className="btn">{t("nav.cart")}</Link>
      </section>
    )
  }
  const data = session.data ?? {}
  const qrText: string | undefined = data.code_url ?? data.qr_code
  const redirectUrl: string | undefined = data.redirect_url ?? data.h5_url
  const provider = t(`checkout.providers.${session.provider_id}` as any)
  const amount = money(pc.amount ?? cart.total, locale, cart.currency_code)
  const poller = (
    <PaymentPoller
      paymentCollectionId={pc.id}
      cartId={cart.id}
      orderPath={locale === "en" ? "/en/orders" : "/orders"}
      redirectUrl={redirectUrl ?? null}
      labels={{ waiting: t("pay.waiting"), paid: t("pay.paid"), check: t("pay.check"), notYet: t("pay.notYet") }}
    />
  )
  if (session.provider_id === CARD_PROVIDER) {
    const key = stripePublishableKey()
    const clientSecret: string | undefined = data.client_secret
    return (
      <section className="pay stack" data-testid="card-pay-page">
        <h1>{t("pay.cardTitle")}</h1>
        <p className="total">{provider} · {amount}</p>
        {card === "pending" ? (
          // Stripe took the payment but the bank has not confirmed it yet: Stripe's webhook places the order.
          <>
            <p>{t("pay.cardProcessing")}</p>
            {poller}
          </>
        ) : key && clientSecret ? (
          <>
            <p className="muted">{t("pay.cardIntro")}</p>
            <CardPayment
              publishableKey={key}
              clientSecret={clientSecret}
              locale={locale}
              returnPath={locale === "en" ? "/en/checkout/card-return" : "/checkout/card-return"}
              initialError={card === "failed" ? t("pay.cardFailed") : null}
              labels={{ pay: t("pay.cardPay", { amount }), loading: t("pay.cardLoading"), loadFailed: t("pay.cardLoadFailed"), failed: t("pay.cardFailed") }}
            />
          </>
        ) : (
          <p className="error" role="alert">{t("pay.cardUnavailable")}</p>
        )}
        <p><Link href="/checkout">{t("pay.backToCheckout")}</Link></p>
      </section>
    )
  }
  const qr = qrText ? await QRCode.toDataURL(qrText, { margin: 1, width: 240, errorCorrectionLevel: "M" }) : null
  return (
    <section className="pay stack">
      <h1>{t("pay.title")}</h1>
      <p className="total">{provider} · {amount}</p>
      {qr && (
        <>
          <p>{session.provider_id.includes("alipay") ? t("pay.alipay") : t("pay.wechat")}</p>
          <img src={qr} alt={t("pay.qrAlt", { provider, amount })} width={240} height={240} className="qr" data-testid="pay-qr" data-qr-text={qrText} />
        </>
      )}
      {redirectUrl && (
        <p>
          {t("pay.redirect")} <a href={redirectUrl}>{t("pay.open")}</a>
        </p>
      )}
      {poller}
    </section>
  )
}
