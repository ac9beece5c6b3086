import type { Metadata } from "next"
import QRCode from "qrcode"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { PaymentPoller } from "@/components/PaymentPoller"
import { getCart } from "@/lib/data"
import { money } from "@/lib/format"

export const metadata: Metadata = { robots: { index: false } }

/**
 * The gateway step. What to show comes from the payment session's `data`, as the providers return it:
 * WeChat Native `code_url` and Alipay precreate `qr_code` become a QR image; Alipay page/WAP `redirect_url`
 * and WeChat H5 `h5_url` are opened. The order appears once the gateway's callback has been applied.
 */
export default async function PayPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
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
      <PaymentPoller
        paymentCollectionId={pc.id}
        cartId={cart.id}
        orderPath={locale === "en" ? "/en/orders" : "/orders"}
        redirectUrl={redirectUrl ?? null}
        labels={{ waiting: t("pay.waiting"), paid: t("pay.paid"), check: t("pay.check"), notYet: t("pay.notYet") }}
      />
    </section>
  )
}
