import { EDIT_WINDOW_DAYS, ANONYMOUS_NAME } from "../../../modules/review/utils/rules"
import { reviewDimensionsFor } from "../../../modules/merchant/utils"

export type Viewer = { customer_id?: string | null; operator?: boolean; merchant_id?: string | null }

const DAY = 24 * 3600 * 1000

/**
 * What a viewer may see of a review. Anonymous reviews show 匿名用户 to everyone except their author
 * and operators; moderation details and order ids are for the author, the shop and operators only.
 */
export function presentReview(r: any, viewer: Viewer = {}, category?: string | null) {
  const isOwn = !!viewer.customer_id && viewer.customer_id === r.customer_id
  const privileged = isOwn || !!viewer.operator
  const labels = category ? reviewDimensionsFor(category) : null
  const created = new Date(r.created_at)
  const out: Record<string, unknown> = {
    id: r.id,
    merchant_id: r.merchant_id,
    product_id: r.product_id,
    rating: r.rating,
    sub_scores: r.sub_scores ?? null,
    sub_score_labels: labels && r.sub_scores
      ? Object.fromEntries(Object.keys(r.sub_scores).map((k) => [k, labels.find((d) => d.key === k)?.name_zh ?? k]))
      : undefined,
    text: r.text,
    photos: r.photos ?? [],
    is_anonymous: r.is_anonymous,
    author_name: r.is_anonymous && !privileged ? ANONYMOUS_NAME : r.author_name || "同城用户",
    is_own: isOwn,
    useful_count: r.useful_count,
    reply: r.reply_text
      ? { text: r.reply_text, replied_at: r.replied_at, updated_at: r.reply_updated_at ?? null }
      : null,
    created_at: r.created_at,
    edited_at: r.edited_at ?? null,
  }
  if (privileged || viewer.merchant_id === r.merchant_id) {
    out.order_id = r.order_id
    out.line_item_id = r.line_item_id
    out.status = r.status
    out.hidden_reason = r.hidden_reason ?? null
  }
  if (isOwn) out.editable_until = new Date(created.getTime() + EDIT_WINDOW_DAYS * DAY).toISOString()
  if (viewer.operator) {
    out.customer_id = r.customer_id
    out.report_count = r.report_count
    out.hidden_at = r.hidden_at ?? null
    out.hidden_by = r.hidden_by ?? null
  }
  return out
}

export function ratingFilter(q: { rating?: number; min_rating?: number; max_rating?: number }) {
  if (q.rating !== undefined) return { rating: q.rating }
  const range: Record<string, number> = {}
  if (q.min_rating !== undefined) range.$gte = q.min_rating
  if (q.max_rating !== undefined) range.$lte = q.max_rating
  return Object.keys(range).length ? { rating: range } : {}
}

export const ORDER_BY = {
  newest: { created_at: "DESC", id: "DESC" },
  useful: { useful_count: "DESC", created_at: "DESC", id: "DESC" },
} as const

/** A shop's or a product's visible reviews with the store filters (rating, photos), sort and paging. */
export function listVisibleReviews(
  service: { listAndCountReviews: (filters: any, config: any) => Promise<[any[], number]> },
  scope: { merchant_id: string } | { product_id: string },
  q: { rating?: number; min_rating?: number; max_rating?: number; has_photos?: boolean; sort: string; limit: number; offset: number }
) {
  const filters: Record<string, unknown> = { ...scope, status: "visible", ...ratingFilter(q) }
  if (q.has_photos !== undefined) filters.photo_count = q.has_photos ? { $gt: 0 } : 0
  return service.listAndCountReviews(filters, { order: (ORDER_BY as any)[q.sort], take: q.limit, skip: q.offset })
}
