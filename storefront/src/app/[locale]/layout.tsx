import type { Metadata, Viewport } from "next"
import { hasLocale, NextIntlClientProvider } from "next-intl"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { notFound } from "next/navigation"
import { Link } from "@/i18n/navigation"
import { routing } from "@/i18n/routing"
import { Header } from "@/components/Header"
import "../globals.css"

export function generateStaticParams() {
  return routing.locales.map((locale) => ({ locale }))
}

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params
  const t = await getTranslations({ locale, namespace: "site" })
  return {
    title: { default: `${t("name")} · ${t("tagline")}`, template: `%s | ${t("name")}` },
    description: t("description"),
    applicationName: t("name"),
  }
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#ff5a1f" }

export default async function LocaleLayout({ children, params }: { children: React.ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params
  if (!hasLocale(routing.locales, locale)) notFound()
  setRequestLocale(locale)
  const t = await getTranslations("site")
  const tm = await getTranslations("merchantCenter")
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <Header />
          <main id="main" className="container">
            {children}
          </main>
          <footer className="site-footer container">
            <p>{t("footer")}</p>
            <p><Link href="/merchant-center" data-testid="merchant-center-link">{tm("entry")}</Link></p>
          </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  )
}
