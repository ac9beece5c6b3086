import type { Metadata } from "next"
import { getTranslations, setRequestLocale } from "next-intl/server"
import { Link, redirect } from "@/i18n/navigation"
import { ReviewForm } from "@/components/ReviewForm"
import { getCustomer, getMerchant, getMyReviews } from "@/lib/data"
import { dateTime } from "@/lib/format"
import { KNOWN_DIMENSIONS, reviewDimensions } from "@/lib/review-dimensions"

export const metadata: Metadata = { robots: { index: false } }

export default async function MyReviewsPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const { locale } = await params
  const posted = (await searchParams).posted === "1"
  setRequestLocale(locale)
  if (!(await getCustomer())) redirect({ href: "/account", locale })
  const t = await getTranslations()
  const { reviews, to_review } = await getMyReviews()
  // The sub-scores depend on the shop's category, which the to-review list does not carry.
  const shops = new Map<string, any>()
  for (const id of new Set(to_review.map((l: any) => l.merchant_id).filter(Boolean))) {
    shops.set(id, await getMerchant(id).catch(() => null))
  }
  const dim = (k: string) => (KNOWN_DIMENSIONS.has(k) ? t(`reviews.dims.${k}` as any) : k)
  const starLabels = [1, 2, 3, 4, 5].map((n) => t("reviews.stars", { n }))
  const labels = {
    rating: t("reviews.rating"),
    optional: t("reviews.optional"),
    notRated: t("reviews.notRated"),
    text: t("reviews.text"),
    textHint: t("reviews.textHint"),
    anonymous: t("reviews.anonymous"),
    submit: t("reviews.submit"),
    subScores: t("reviews.subScores"),
  }
  return (
    <section className="stack">
      <h1>{t("reviews.mine")}</h1>
      {posted && <p className="status" role="status" data-testid="review-submitted">{t("reviews.submitted")}</p>}
      <h2>{t("reviews.toReview")}</h2>
      {to_review.length === 0 && <p className="muted">{t("reviews.nothingToReview")}</p>}
      <ul className="lines" data-testid="to-review">
        {to_review.map((l: any) => {
          const shop = shops.get(l.merchant_id)
          return (
            <li key={l.line_item_id} className="line review-todo" data-testid="to-review-line">
              <div className="grow">
                <p className="line-title">{l.title}</p>
                <p className="muted">
                  {shop ? <Link href={`/merchants/${shop.slug}`}>{l.merchant_name ?? shop.name}</Link> : l.merchant_name}
                </p>
                <details>
                  <summary className="btn small" data-testid="write-review">{t("reviews.write")}</summary>
                  <ReviewForm
                    locale={locale}
                    orderId={l.order_id}
                    lineItemId={l.line_item_id}
                    dimensions={reviewDimensions(shop?.category).map((key) => ({ key, label: dim(key) }))}
                    starLabels={starLabels}
                    labels={labels}
                  />
                </details>
              </div>
            </li>
          )
        })}
      </ul>
      <h2>{t("reviews.mine")}</h2>
      {reviews.length === 0 && <p className="muted">{t("reviews.noneYet")}</p>}
      <ul className="review-list" data-testid="my-reviews">
        {reviews.map((r: any) => (
          <li key={r.id} className="review">
            <p className="review-head">
              <span className="rating" role="img" aria-label={t("reviews.starsAlt", { n: r.rating })}>
                {"★★★★★".slice(0, r.rating)}{"☆☆☆☆☆".slice(0, 5 - r.rating)}
              </span>
              <time className="muted" dateTime={r.created_at}>{dateTime(r.created_at, locale)}</time>
            </p>
            {r.text && <p className="review-text">{r.text}</p>}
            {r.status === "hidden" && <p className="notice">{t("reviews.hidden", { reason: r.hidden_reason ?? "" })}</p>}
            {r.reply && (
              <div className="review-reply">
                <strong>{t("reviews.reply")}</strong>
                <p>{r.reply.text}</p>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
