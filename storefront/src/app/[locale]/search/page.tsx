import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { MerchantCard } from "@/components/MerchantCard"
import { getCategories, searchNearby } from "@/lib/data"
import { placeLabel } from "@/lib/places"
import { getPlace } from "@/lib/session"

const PAGE_SIZE = 10
const SORTS = ["relevance", "distance", "rating"] as const
const RATINGS = [4.5, 4, 3]

type SP = Record<string, string | string[] | undefined>
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined

function parse(sp: SP) {
  const q = one(sp.q)?.slice(0, 50)
  const category = one(sp.category)
  const open_now = one(sp.open_now) === "1" || one(sp.open_now) === "true"
  const r = Number(one(sp.min_rating))
  const min_rating = Number.isFinite(r) && r > 0 && r <= 5 ? r : undefined
  const s = one(sp.sort) as (typeof SORTS)[number] | undefined
  const sort = s && SORTS.includes(s) && (s !== "relevance" || q) ? s : q ? "relevance" : "distance"
  const p = Number.parseInt(one(sp.page) ?? "1", 10)
  const page = Number.isFinite(p) && p > 0 && p <= 500 ? p : 1
  return { q, category, open_now, min_rating, sort, page }
}

export async function generateMetadata({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<SP> }): Promise<Metadata> {
  const { locale } = await params
  const f = parse(await searchParams)
  const t = await getTranslations({ locale })
  const categories = await getCategories().catch(() => [])
  const cat = categories.find((c) => c.slug === f.category)
  const catName = cat ? (locale === "en" ? cat.name_en : cat.name_zh) : undefined
  const place = placeLabel(await getPlace(), locale, t("location.mine"))
  const what = [f.q, catName].filter(Boolean).join(" · ") || t("categories.all")
  const title = f.q ? t("search.titleWithQuery", { q: f.q }) : catName ? `${catName} · ${t("search.title")}` : t("search.title")
  const qs = new URLSearchParams({ ...(f.q ? { q: f.q } : {}), ...(f.category ? { category: f.category } : {}) }).toString()
  const path = `/search${qs ? `?${qs}` : ""}`
  return {
    title,
    description: t("search.description", { place, what }),
    alternates: { canonical: locale === "en" ? `/en${path}` : path, languages: { "zh-CN": path, en: `/en${path}` } },
  }
}

export default async function SearchPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<SP> }) {
  const { locale } = await params
  setRequestLocale(locale)
  const f = parse(await searchParams)
  const t = await getTranslations()
  const place = await getPlace()
  const categories = await getCategories()
  const category = categories.some((c) => c.slug === f.category) ? f.category : undefined
  const result = await searchNearby({
    lat: place.lat,
    lng: place.lng,
    q: f.q,
    category,
    open_now: f.open_now,
    min_rating: f.min_rating,
    sort: f.sort,
    limit: PAGE_SIZE,
    offset: (f.page - 1) * PAGE_SIZE,
    radius_m: 20000,
  })
  const pages = Math.max(1, Math.ceil(result.count / PAGE_SIZE))
  const pageHref = (page: number) => ({
    pathname: "/search" as const,
    query: Object.fromEntries(
      Object.entries({ q: f.q, category, open_now: f.open_now ? "1" : undefined, min_rating: f.min_rating, sort: f.sort, page: page > 1 ? page : undefined })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)])
    ),
  })
  const catName = (slug: string) => {
    const c = categories.find((x) => x.slug === slug)
    return c ? (locale === "en" ? c.name_en : c.name_zh) : slug
  }
  return (
    <>
      <h1>{f.q ? t("search.titleWithQuery", { q: f.q }) : t("search.title")}</h1>
      <p className="muted">
        {t("location.label")} <strong>{placeLabel(place, locale, t("location.mine"))}</strong>
      </p>
      <form method="get" className="filters" role="search" data-testid="search-form">
        <div className="field grow">
          <label htmlFor="q">{t("search.keyword")}</label>
          <input id="q" name="q" type="search" defaultValue={f.q ?? ""} placeholder={t("home.searchPlaceholder")} />
        </div>
        <div className="field">
          <label htmlFor="category">{t("search.category")}</label>
          <select id="category" name="category" defaultValue={category ?? ""}>
            <option value="">{t("categories.all")}</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {catName(c.slug)}
                {result.facets?.category?.[c.slug] ? ` (${result.facets.category[c.slug]})` : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="min_rating">{t("search.minRating")}</label>
          <select id="min_rating" name="min_rating" defaultValue={f.min_rating ? String(f.min_rating) : ""}>
            <option value="">{t("search.anyRating")}</option>
            {RATINGS.map((r) => (
              <option key={r} value={r}>{t("search.ratingAtLeast", { rating: r })}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">{t("search.sort")}</label>
          <select id="sort" name="sort" defaultValue={f.sort}>
            {f.q && <option value="relevance">{t("search.sortRelevance")}</option>}
            <option value="distance">{t("search.sortDistance")}</option>
            <option value="rating">{t("search.sortRating")}</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" name="open_now" value="1" defaultChecked={f.open_now} /> {t("search.openNow")}
        </label>
        <button type="submit" className="btn">{t("search.apply")}</button>
      </form>
      <p className="muted" data-testid="result-count">{t("search.results", { count: result.count })}</p>
      {result.hits.length === 0 ? (
        <p>{t("search.none")}</p>
      ) : (
        <ul className="cards" data-testid="search-results">
          {result.hits.map((hit) => (
            <MerchantCard key={hit.id} hit={hit} locale={locale} categories={categories} />
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav className="pager" aria-label={t("search.page", { page: f.page, pages })}>
          {f.page > 1 ? <Link href={pageHref(f.page - 1)} rel="prev">{t("search.prev")}</Link> : <span />}
          <span>{t("search.page", { page: f.page, pages })}</span>
          {f.page < pages ? <Link href={pageHref(f.page + 1)} rel="next">{t("search.next")}</Link> : <span />}
        </nav>
      )}
    </>
  )
}
