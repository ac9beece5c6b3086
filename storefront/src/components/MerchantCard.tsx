import { getTranslations } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import { distance } from "@/lib/format"
import type { Category, Hit } from "@/lib/data"

export async function MerchantCard({ hit, locale, categories }: { hit: Hit; locale: string; categories: Category[] }) {
  const t = await getTranslations("merchantCard")
  const cat = categories.find((c) => c.slug === hit.category)
  const catName = cat ? (locale === "en" ? cat.name_en : cat.name_zh) : hit.category
  return (
    <li className="card merchant-card" data-testid="merchant-card">
      <Link href={`/merchants/${hit.slug}`} className="card-link">
        {hit.logo ? (
          <img src={hit.logo} alt={t("logoAlt", { name: hit.name })} width={72} height={72} className="thumb" loading="lazy" />
        ) : (
          <span className="thumb placeholder" aria-hidden="true">{hit.name.slice(0, 1)}</span>
        )}
        <span className="card-body">
          <span className="card-title">{hit.name}</span>
          <span className="meta">
            <span className="rating">
              {hit.rating_count > 0 ? `★ ${t("rating", { rating: hit.rating.toFixed(1) })}` : t("noRating")}
            </span>
            <span>{catName}</span>
            {hit.district && <span>{hit.district}</span>}
          </span>
          <span className="meta">
            <span className={hit.open_now ? "open" : "closed"}>{hit.open_now ? t("openNow") : t("closed")}</span>
            <span data-testid="distance">{t("distance", { distance: distance(hit.distance_m, locale) })}</span>
          </span>
          {hit.products && hit.products.length > 0 && (
            <span className="matches">{hit.products.map((p) => p.title).join("、")}</span>
          )}
        </span>
      </Link>
    </li>
  )
}
