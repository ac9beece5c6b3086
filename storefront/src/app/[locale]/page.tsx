import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { CategoryIcon } from "@/components/CategoryIcon"
import { LocationBar } from "@/components/LocationBar"
import { MerchantCard } from "@/components/MerchantCard"
import { getCategories, searchNearby } from "@/lib/data"
import { placeLabel } from "@/lib/places"
import { getPlace } from "@/lib/session"

const SHORTCUTS = ["food", "takeout", "housekeeping", "beauty", "fitness"] as const

const RADIUS_M = 5000

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params
  const t = await getTranslations({ locale, namespace: "site" })
  return { title: { absolute: `${t("name")} · ${t("tagline")}` }, alternates: { canonical: locale === "en" ? "/en" : "/", languages: { "zh-CN": "/", en: "/en" } } }
}

export default async function Home({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const t = await getTranslations()
  const place = await getPlace()
  const label = placeLabel(place, locale, t("location.mine"))
  const [categories, nearby] = await Promise.all([
    getCategories(),
    searchNearby({ lat: place.lat, lng: place.lng, sort: "distance", limit: 20, radius_m: RADIUS_M }),
  ])
  return (
    <>
      <h1 className="visually-hidden">{t("home.title")}</h1>
      <LocationBar
        current={label}
        currentKey={place.key}
        locale={locale}
        labels={{
          label: t("location.label"),
          useMine: t("location.useMine"),
          locating: t("location.locating"),
          denied: t("location.denied"),
          unsupported: t("location.unsupported"),
          pick: t("location.pick"),
          mine: t("location.mine"),
        }}
      />
      <form action={locale === "en" ? "/en/search" : "/search"} method="get" className="searchbox" role="search">
        <label htmlFor="home-q" className="visually-hidden">{t("search.keyword")}</label>
        <input id="home-q" name="q" type="search" placeholder={t("home.searchPlaceholder")} enterKeyHint="search" />
        <button type="submit" className="btn">{t("home.searchButton")}</button>
      </form>
      <section aria-labelledby="cats">
        <h2 id="cats" className="visually-hidden">{t("home.categories")}</h2>
        <ul className="shortcuts">
          {SHORTCUTS.map((slug) => (
            <li key={slug}>
              <Link href={{ pathname: "/search", query: { category: slug } }} data-testid={`shortcut-${slug}`}>
                <CategoryIcon slug={slug} />
                <span>{t(`categories.${slug}`)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="nearby">
        <h2 id="nearby">{t("home.nearby")}</h2>
        {nearby.hits.length === 0 ? (
          <p className="muted">{t("home.empty", { radius: RADIUS_M / 1000 })}</p>
        ) : (
          <ul className="cards" data-testid="nearby-list">
            {nearby.hits.map((hit) => (
              <MerchantCard key={hit.id} hit={hit} locale={locale} categories={categories} />
            ))}
          </ul>
        )}
        {nearby.count > nearby.hits.length && (
          <p><Link href="/search" className="more">{t("home.more")}</Link></p>
        )}
      </section>
    </>
  )
}
