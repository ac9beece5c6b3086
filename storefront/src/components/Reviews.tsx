import { getTranslations } from "next-intl/server"
import { Link } from "@/i18n/navigation"
import type { ReviewList } from "@/lib/data"
import { dateTime } from "@/lib/format"

const stars = (n: number) => "★★★★★".slice(0, n) + "☆☆☆☆☆".slice(0, 5 - n)

/** 评价 on a shop's page: summary, filters as links (so they work without script and can be shared), the list. */
export async function Reviews({
  data,
  slug,
  locale,
  filter,
}: {
  data: ReviewList
  slug: string
  locale: string
  filter: { has_photos: boolean; sort: string; offset: number }
}) {
  const t = await getTranslations("reviews")
  const { summary, reviews, count, limit } = data
  const href = (q: Partial<typeof filter>) => {
    const next = { ...filter, offset: 0, ...q }
    const p = new URLSearchParams()
    if (next.has_photos) p.set("has_photos", "1")
    if (next.sort !== "newest") p.set("sort", next.sort)
    if (next.offset) p.set("offset", String(next.offset))
    const qs = p.toString()
    return `/merchants/${slug}${qs ? `?${qs}` : ""}#reviews`
  }
  const total = summary.rating_count || 0
  return (
    <section aria-labelledby="reviews" className="reviews" data-testid="reviews">
      <h2 id="reviews">
        {t("title")} <span className="muted">({total})</span>
      </h2>
      {total > 0 ? (
        <div className="review-summary">
          <p className="big-rating" aria-label={t("average", { avg: Number(summary.rating_avg).toFixed(1) })}>
            ★ {Number(summary.rating_avg).toFixed(1)}
          </p>
          <ul className="plain distribution">
            {["5", "4", "3", "2", "1"].map((k) => (
              <li key={k}>
                {t("stars", { n: Number(k) })} · {summary.distribution?.[k] ?? 0}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">{t("none")}</p>
      )}
      <nav className="chips" aria-label={t("filters")}>
        <Link href={href({ has_photos: false })} aria-current={!filter.has_photos ? "true" : undefined} className="chip">
          {t("all")}
        </Link>
        <Link href={href({ has_photos: true })} aria-current={filter.has_photos ? "true" : undefined} className="chip">
          {t("withPhotos", { n: summary.with_photos ?? 0 })}
        </Link>
        <Link href={href({ sort: "newest" })} aria-current={filter.sort === "newest" ? "true" : undefined} className="chip">
          {t("newest")}
        </Link>
        <Link href={href({ sort: "useful" })} aria-current={filter.sort === "useful" ? "true" : undefined} className="chip">
          {t("useful")}
        </Link>
      </nav>
      <ul className="plain review-list">
        {reviews.map((r) => (
          <li key={r.id} className="review" data-testid="review">
            <p>
              <strong>{r.author_name}</strong> <span aria-label={t("stars", { n: r.rating })}>{stars(r.rating)}</span>{" "}
              <span className="muted">{dateTime(r.created_at, locale)}</span>
            </p>
            {r.sub_score_labels && (
              <p className="muted">
                {Object.entries(r.sub_scores ?? {})
                  .map(([k, v]) => `${r.sub_score_labels[k] ?? k} ${v}`)
                  .join(" · ")}
              </p>
            )}
            {r.text && <p>{r.text}</p>}
            {r.photos?.length > 0 && (
              <ul className="gallery small">
                {r.photos.map((src: string, i: number) => (
                  <li key={src}>
                    <img src={src} alt={t("photoAlt", { name: r.author_name, n: i + 1 })} width={96} height={96} loading="lazy" />
                  </li>
                ))}
              </ul>
            )}
            {r.reply && (
              <p className="reply">
                <strong>{t("reply")}</strong> {r.reply.text}
              </p>
            )}
            {r.useful_count > 0 && <p className="muted">{t("usefulCount", { n: r.useful_count })}</p>}
          </li>
        ))}
      </ul>
      {count > filter.offset + limit && (
        <Link href={href({ ...filter, offset: filter.offset + limit })} className="btn ghost small">
          {t("more")}
        </Link>
      )}
    </section>
  )
}
