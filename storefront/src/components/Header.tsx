import { getTranslations } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { getCart } from "@/lib/data"
import { LangSwitch } from "./LangSwitch"

export async function Header() {
  const t = await getTranslations()
  let count = 0
  try {
    const cart = await getCart()
    count = (cart?.items ?? []).reduce((n: number, i: any) => n + (i.quantity ?? 0), 0)
  } catch {
    // The header must render even while the backend is unreachable; the page itself reports that.
  }
  return (
    <header className="site-header">
      <a href="#main" className="skip">{t("site.skip")}</a>
      <div className="bar">
        <Link href="/" className="brand" aria-label={t("nav.home")}>
          <svg viewBox="0 0 32 32" width="28" height="28" role="img" aria-label={t("site.logoAlt")}>
            <circle cx="16" cy="16" r="15" fill="#ff5a1f" />
            <path d="M9 13h14M16 9v14M11 21h10" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
          </svg>
          <span>{t("site.name")}</span>
        </Link>
        <nav aria-label="main" className="nav">
          <Link href="/search">{t("nav.search")}</Link>
          <Link href="/cart" data-testid="nav-cart">
            {t("nav.cart")}
            {count > 0 && <span className="badge" aria-label={`${count}`}>{count}</span>}
          </Link>
          <Link href="/account">{t("nav.account")}</Link>
          <LangSwitch label={t("nav.language")} title={t("nav.languageLabel")} />
        </nav>
      </div>
    </header>
  )
}
