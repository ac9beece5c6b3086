import type { Metadata } from "next"
import { notFound } from "next/navigation"
import { headers } from "next/headers"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { AddToCart } from "@/components/AddToCart"
import { ClaimCoupon } from "@/components/Marketing"
import { Reviews } from "@/components/Reviews"
import { SlotPicker } from "@/components/SlotPicker"
import { Link } from "@/i18n/navigation"
import { getAppointments, getCategories, getCustomer, getMerchant, getMerchantReviews, getOfferings, getShopCoupons } from "@/lib/data"
import { addDays, dateTime, dayLabel, distance, localDate, money, time } from "@/lib/format"
import { distanceMeters, placeLabel } from "@/lib/places"
import { getPlace } from "@/lib/session"
import { siteOrigin } from "@/lib/site"

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const
const SCHEMA_DAY: Record<string, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" }
// schema.org subtypes of LocalBusiness, so search engines file each shop under the right kind.
const SCHEMA_TYPE: Record<string, string> = {
  food: "Restaurant",
  takeout: "FoodEstablishment",
  housekeeping: "ProfessionalService",
  beauty: "BeautySalon",
  fitness: "HealthClub",
  pets: "LocalBusiness",
  repair: "HomeAndConstructionBusiness",
}

type Params = Promise<{ locale: string; slug: string }>
type SP = Promise<Record<string, string | string[] | undefined>>

const addressOf = (m: any) => [m.city, m.district, m.street].filter(Boolean).join(" ")

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { locale, slug } = await params
  const m = await getMerchant(decodeURIComponent(slug))
  if (!m) return {}
  const categories = await getCategories().catch(() => [])
  const c = categories.find((x) => x.slug === m.category)
  const cat = c ? (locale === "en" ? c.name_en : c.name_zh) : ""
  const title = `${m.name}${m.district ? ` · ${m.district}` : ""}${cat ? ` ${cat}` : ""}`
  const description = [m.description, addressOf(m)].filter(Boolean).join(locale === "en" ? " · " : "。").slice(0, 160)
  const path = `/merchants/${m.slug}`
  return {
    title,
    description,
    alternates: { canonical: locale === "en" ? `/en${path}` : path, languages: { "zh-CN": path, en: `/en${path}` } },
    openGraph: { title, description, type: "website", images: m.photos?.length ? [m.photos[0]] : m.logo ? [m.logo] : [] },
  }
}

export default async function MerchantPage({ params, searchParams }: { params: Params; searchParams: SP }) {
  const { locale, slug } = await params
  setRequestLocale(locale)
  const sp = await searchParams
  const rescheduleId = typeof sp.reschedule === "string" ? sp.reschedule : undefined
  const rescheduleOffering = typeof sp.offering === "string" ? sp.offering : undefined
  const m = await getMerchant(decodeURIComponent(slug))
  if (!m) notFound()
  const reviewFilter = {
    has_photos: sp.has_photos === "1",
    sort: sp.sort === "useful" ? "useful" : "newest",
    offset: Math.max(0, Number(typeof sp.offset === "string" ? sp.offset : 0) || 0),
  }
  const [t, offerings, categories, place, reviews, coupons, customer] = await Promise.all([
    getTranslations(),
    getOfferings(m.id),
    getCategories(),
    getPlace(),
    getMerchantReviews(m.id, { ...reviewFilter, limit: 10 }),
    getShopCoupons(m.id),
    getCustomer(),
  ])
  const c = categories.find((x) => x.slug === m.category)
  const catName = c ? (locale === "en" ? c.name_en : c.name_zh) : m.category
  const tz = m.timezone ?? "Asia/Shanghai"
  const hours = m.business_hours ?? { weekly: {} }
  const dist = distanceMeters(place, { lat: Number(m.lat), lng: Number(m.lng) })
  const offeringByVariant = new Map(offerings.map((o: any) => [o.variant_id, o]))
  // Coming from "my appointments": say which appointment is being moved (only the customer's own is found).
  const moving = rescheduleId ? (await getAppointments()).find((a) => a.id === rescheduleId && a.status === "confirmed") : undefined

  const today = localDate(new Date(), tz)
  const days = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(today, i)
    const base = dayLabel(date, locale)
    return { date, label: i === 0 ? `${t("slots.today")} ${base}` : i === 1 ? `${t("slots.tomorrow")} ${base}` : base }
  })

  const origin = siteOrigin(await headers())
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": SCHEMA_TYPE[m.category] || "LocalBusiness",
    "@id": `${origin}/merchants/${m.slug}`,
    name: m.name,
    description: m.description ?? undefined,
    url: `${origin}${locale === "en" ? "/en" : ""}/merchants/${m.slug}`,
    telephone: m.phone ?? undefined,
    image: [...(m.photos ?? []), ...(m.logo ? [m.logo] : [])],
    address: {
      "@type": "PostalAddress",
      streetAddress: m.street ?? undefined,
      addressLocality: m.city ?? undefined,
      addressRegion: m.province ?? undefined,
      addressCountry: "CN",
    },
    // GCJ-02, the coordinate system every map used in China expects.
    geo: { "@type": "GeoCoordinates", latitude: Number(m.lat), longitude: Number(m.lng) },
    openingHoursSpecification: WEEK.flatMap((d) =>
      (hours.weekly?.[d] ?? []).map((r: any) => ({ "@type": "OpeningHoursSpecification", dayOfWeek: SCHEMA_DAY[d], opens: r.open, closes: r.close }))
    ),
    ...(m.rating_count > 0 ? { aggregateRating: { "@type": "AggregateRating", ratingValue: m.rating_avg, reviewCount: m.rating_count } } : {}),
    priceRange: "¥",
  }

  return (
    <article className="merchant" data-testid="merchant-page">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }} />
      <header className="merchant-head">
        {m.logo && <img src={m.logo} alt={t("merchantCard.logoAlt", { name: m.name })} width={64} height={64} className="thumb" />}
        <div>
          <h1>{m.name}</h1>
          <p className="meta">
            <span>{catName}</span>
            <span className="rating">{m.rating_count > 0 ? `★ ${Number(m.rating_avg).toFixed(1)}` : t("merchantCard.noRating")}</span>
            <span className={m.open_now ? "open" : "closed"} data-testid="open-state">
              {m.open_now ? t("merchant.openNow") : t("merchant.closed")}
            </span>
            {m.open_now && m.closes_at && <span>{t("merchant.closesAt", { time: time(m.closes_at, locale, tz) })}</span>}
            {!m.open_now && m.next_opening && <span>{t("merchant.opensAt", { time: dayLabel(localDate(new Date(m.next_opening), tz), locale) + " " + time(m.next_opening, locale, tz) })}</span>}
          </p>
          {m.description && <p>{m.description}</p>}
        </div>
      </header>

      {m.photos?.length > 0 && (
        <section aria-labelledby="photos" className="gallery-wrap">
          <h2 id="photos" className="visually-hidden">{t("merchant.photos")}</h2>
          <ul className="gallery">
            {m.photos.map((src: string, i: number) => (
              <li key={src}>
                <img src={src} alt={t("merchant.photoAlt", { name: m.name, n: i + 1 })} width={320} height={200} loading={i ? "lazy" : "eager"} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="info">
        <div>
          <h2>{t("merchant.address")}</h2>
          <p data-testid="address">{addressOf(m)}</p>
          <p className="muted" data-testid="merchant-distance">
            {t("merchant.distanceFrom", { place: placeLabel(place, locale, t("location.mine")), distance: distance(dist, locale) })}
          </p>
          {m.phone && (
            <p>
              {t("merchant.phone")} <a href={`tel:${m.phone}`}>{m.phone}</a>
            </p>
          )}
        </div>
        <div>
          <h2>{t("merchant.hours")}</h2>
          <table className="hours">
            <tbody>
              {WEEK.map((d) => {
                const ranges = hours.weekly?.[d] ?? []
                return (
                  <tr key={d}>
                    <th scope="row">{t(`merchant.weekdays.${d}`)}</th>
                    <td>{ranges.length ? ranges.map((r: any) => `${r.open}–${r.close}`).join(", ") : t("merchant.closedDay")}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {(hours.exceptions ?? []).filter((e: any) => e.date >= today).length > 0 && (
            <>
              <h3>{t("merchant.special")}</h3>
              <ul className="plain">
                {(hours.exceptions ?? [])
                  .filter((e: any) => e.date >= today)
                  .slice(0, 5)
                  .map((e: any) => (
                    <li key={e.date}>
                      {e.date} {e.closed ? t("merchant.closedDay") : (e.ranges ?? []).map((r: any) => `${r.open}–${r.close}`).join(", ")}
                      {e.note ? ` · ${e.note}` : ""}
                    </li>
                  ))}
              </ul>
            </>
          )}
        </div>
      </section>

      {coupons.length > 0 && (
        <section aria-labelledby="coupons" className="coupons" data-testid="shop-coupons">
          <h2 id="coupons">{t("coupons.title")}</h2>
          <ul className="plain coupon-list">
            {coupons.map((c: any) => (
              <li key={c.id} className="coupon" data-testid="shop-coupon">
                <div className="grow">
                  <strong>{c.title}</strong>
                  <p className="muted">
                    {c.scope === "platform" ? t("coupons.platform") : t("coupons.shop")}
                    {c.min_spend > 0 && c.kind !== "tiered" ? ` · ${t("coupons.minSpend", { amount: money(c.min_spend, locale) })}` : ""}
                    {` · ${t("coupons.until", { date: dayLabel(localDate(new Date(c.ends_at), tz), locale) })}`}
                    {c.new_customer_only ? ` · ${t("coupons.newOnly")}` : ""}
                  </p>
                </div>
                {!customer ? (
                  <Link href="/account" className="btn secondary small">{t("coupons.signInToClaim")}</Link>
                ) : c.can_claim ? (
                  <ClaimCoupon batchId={c.id} title={c.title} label={t("coupons.claim")} done={t("coupons.claimed")} />
                ) : (
                  <span className="tag">{t("coupons.claimed")}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="services">
        <h2 id="services">{t("merchant.services")}</h2>
        {!m.products?.length && <p className="muted">{t("merchant.noProducts")}</p>}
        <ul className="products">
          {(m.products ?? []).map((p: any) => {
            const variant = p.variants?.[0]
            const offering = variant ? offeringByVariant.get(variant.id) : undefined
            const prices = (p.variants ?? []).map((v: any) => v.price).filter((x: any) => x !== null)
            const min = prices.length ? Math.min(...prices) : null
            return (
              <li key={p.id} className="product" data-testid="product">
                <div className="product-row">
                  {p.thumbnail && <img src={p.thumbnail} alt={t("merchant.productAlt", { title: p.title })} width={72} height={72} className="thumb" loading="lazy" />}
                  <div className="grow">
                    <h3>{p.title}</h3>
                    {p.subtitle && <p className="muted">{p.subtitle}</p>}
                    <p className="price">
                      {money(min, locale)}
                      {prices.length > 1 ? ` ${t("merchant.from")}` : ""}
                      {offering && <span className="muted"> · {t("merchant.duration", { minutes: offering.duration_minutes })}</span>}
                      {offering?.location === "at_home" && <span className="tag">{t("merchant.atHome")}</span>}
                    </p>
                  </div>
                  {!offering && variant && (
                    <AddToCart variantId={variant.id} name={p.title} label={t("merchant.addToCart")} addedLabel={t("merchant.added")} />
                  )}
                </div>
                {offering && (
                  <details className="book" open={offerings.length === 1 || rescheduleOffering === offering.id}>
                    <summary className="btn small" data-testid={`book-${offering.id}`}>{t("merchant.book")}</summary>
                    {moving && rescheduleOffering === offering.id && (
                      <p className="notice" data-testid="rescheduling">{t("account.reschedulingNow", { time: dateTime(moving.start_at, locale) })}</p>
                    )}
                    <SlotPicker
                      merchantId={m.id}
                      offeringId={offering.id}
                      serviceName={p.title}
                      days={days}
                      timeZone={tz}
                      atHome={offering.location === "at_home"}
                      locale={locale}
                      rescheduleId={rescheduleOffering === offering.id ? rescheduleId : undefined}
                      cartPath={locale === "en" ? "/en/cart" : "/cart"}
                      donePath={locale === "en" ? "/en/account/appointments" : "/account/appointments"}
                      labels={{
                        title: t("slots.title"),
                        loading: t("slots.loading"),
                        none: t("slots.none"),
                        remaining: t.raw("slots.remaining"),
                        confirm: t.raw("slots.confirm"),
                        reschedule: t.raw("slots.reschedule"),
                        pickFirst: t("slots.pickFirst"),
                        address: t("slots.address"),
                        addressHint: t("slots.addressHint"),
                      }}
                    />
                  </details>
                )}
              </li>
            )
          })}
        </ul>
      </section>

      {reviews && <Reviews data={reviews} slug={m.slug} locale={locale} filter={reviewFilter} />}
    </article>
  )
}
