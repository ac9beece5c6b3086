import { getTranslations } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { merchantSignOut } from "@/lib/merchant-actions"
import type { Vendor } from "@/lib/merchant-center"

/** The shop, who is signed in, and the merchant centre's own menu, on every page of it. */
export async function MerchantNav({ vendor, locale, current }: { vendor: Vendor; locale: string; current: "home" | "calendar" | "orders" }) {
  const t = await getTranslations("merchantCenter")
  const status = vendor.merchant.status as string
  return (
    <div className="merchant-nav" data-testid="merchant-nav">
      <p>
        <strong data-testid="merchant-shop">{vendor.merchant.name}</strong>{" "}
        <span className="tag" data-testid="merchant-shop-status">{t.has(`shopStatus.${status}`) ? t(`shopStatus.${status}`) : status}</span>
      </p>
      <p className="muted">{t("signedInAs", { email: vendor.member.email, role: t(`role.${vendor.member.role}`) })}</p>
      <nav className="chips" aria-label={t("title")}>
        {([["home", "/merchant-center", t("title")], ["calendar", "/merchant-center/calendar", t("calendar")], ["orders", "/merchant-center/orders", t("orders")]] as const).map(([key, href, label]) => (
          <Link key={key} href={href} className="chip" aria-current={current === key ? "page" : undefined}>{label}</Link>
        ))}
      </nav>
      <form action={merchantSignOut.bind(null, locale)} className="chips">
        <button type="submit" className="btn ghost small">{t("signOut")}</button>
      </form>
    </div>
  )
}
