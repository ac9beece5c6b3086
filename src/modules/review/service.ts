import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { ProductRating, Review, ReviewReport, ReviewUpload, ReviewVote } from "./models"
import {
  assertRating,
  dailyLimit,
  EDIT_WINDOW_DAYS,
  invalid,
  normalizePhotos,
  summaryFromTotals,
  normalizeSubScores,
  normalizeText,
  type Dimension,
} from "./utils/rules"

type Row = Record<string, any>

async function sql(manager: any, text: string, bindings: unknown[] = []): Promise<Row[]> {
  const knex = manager.getTransactionContext?.() ?? manager.getKnex()
  const res = await knex.raw(text, bindings)
  return res.rows ?? []
}

function notFound(): never {
  throw new MedusaError(MedusaError.Types.NOT_FOUND, "评价不存在 (review not found)")
}

function conflict(message: string): never {
  throw new MedusaError(MedusaError.Types.CONFLICT, message)
}

// A review counts towards the shop's and product's rating while it is visible and not deleted.
const COUNTED = `status = 'visible' and deleted_at is null`

export type ReviewModuleOptions = { daily_limit?: number }

export type CreateReviewInput = {
  customer_id: string
  author_name: string | null
  merchant_id: string
  order_id: string
  line_item_id: string
  product_id: string | null
  dimensions: readonly Dimension[]
  rating: unknown
  sub_scores?: unknown
  text?: unknown
  photos?: unknown
  is_anonymous?: boolean
}

export type EditReviewInput = {
  id: string
  customer_id: string
  dimensions: readonly Dimension[]
  rating?: unknown
  sub_scores?: unknown
  text?: unknown
  photos?: unknown
  is_anonymous?: boolean
}

class ReviewModuleService extends MedusaService({ Review, ReviewVote, ReviewReport, ReviewUpload, ProductRating }) {
  protected readonly options_: ReviewModuleOptions

  constructor(container: Record<string, unknown>, options: ReviewModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = options ?? {}
  }

  get dailyLimit() {
    return dailyLimit(this.options_)
  }

  /** Photos must be files this customer uploaded through our File module (see review_upload). */
  private async assertOwnUploads(manager: any, customerId: string, photos: string[]) {
    if (!photos.length) return
    const rows = await sql(
      manager,
      `select url from review_upload where customer_id = ? and url = any(?) and deleted_at is null`,
      [customerId, photos]
    )
    const known = new Set(rows.map((r) => r.url))
    const foreign = photos.find((p) => !known.has(p))
    if (foreign) {
      invalid(`photos: 图片须先通过 POST /store/reviews/uploads 上传 (${foreign} was not uploaded by you here)`)
    }
  }

  /**
   * Creates one review. A per-customer advisory lock serialises that customer's writes, so the daily
   * count and the insert are one decision; the unique index on line_item_id refuses a second review of
   * the same line even across customers or processes.
   */
  @InjectTransactionManager()
  async createReviewChecked(input: CreateReviewInput, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const rating = assertRating(input.rating)
    const subScores = normalizeSubScores(input.sub_scores, input.dimensions)
    const text = normalizeText(input.text)
    const photos = normalizePhotos(input.photos)

    await sql(manager, `select pg_advisory_xact_lock(hashtext(?))`, [`review:${input.customer_id}`])
    await this.assertOwnUploads(manager, input.customer_id, photos)

    const [existing] = await sql(
      manager,
      `select id from review where line_item_id = ? and deleted_at is null`,
      [input.line_item_id]
    )
    if (existing) conflict("该商品已评价过，每个订单商品只能评价一次 (this order line has already been reviewed)")

    const limit = this.dailyLimit
    // "A day" is the calendar day in China, the day the customer sees.
    const [{ n }] = await sql(
      manager,
      `select count(*)::int as n from review
        where customer_id = ? and deleted_at is null
          and created_at >= (date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')`,
      [input.customer_id]
    )
    if (n >= limit) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `今天已发表 ${n} 条评价，每天最多 ${limit} 条 (daily review limit of ${limit} reached)`
      )
    }

    const [row] = await sql(
      manager,
      `insert into review
         (id, merchant_id, order_id, line_item_id, product_id, customer_id, author_name, is_anonymous,
          rating, sub_scores, text, photos, photo_count)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)
       returning *`,
      [
        generateEntityId(undefined, "rev"),
        input.merchant_id,
        input.order_id,
        input.line_item_id,
        input.product_id,
        input.customer_id,
        input.author_name,
        !!input.is_anonymous,
        rating,
        subScores ? JSON.stringify(subScores) : null,
        text,
        JSON.stringify(photos),
        photos.length,
      ]
    ).catch((e) => {
      if (e?.code === "23505") conflict("该商品已评价过，每个订单商品只能评价一次 (this order line has already been reviewed)")
      throw e
    })
    return row
  }

  /** The author edits within EDIT_WINDOW_DAYS of writing; returns the row before and after. */
  @InjectTransactionManager()
  async editReviewChecked(input: EditReviewInput, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const [before] = await sql(
      manager,
      `select *, created_at < now() - make_interval(days => ?) as too_old
         from review where id = ? and deleted_at is null for update`,
      [EDIT_WINDOW_DAYS, input.id]
    )
    // Another customer's review is answered like a missing one.
    if (!before || before.customer_id !== input.customer_id) notFound()
    if (before.too_old) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `评价发表超过 ${EDIT_WINDOW_DAYS} 天，不能再修改 (reviews can only be edited within ${EDIT_WINDOW_DAYS} days)`
      )
    }
    const set: string[] = []
    const values: unknown[] = []
    if (input.rating !== undefined) {
      set.push("rating = ?")
      values.push(assertRating(input.rating))
    }
    if (input.sub_scores !== undefined) {
      const s = normalizeSubScores(input.sub_scores, input.dimensions)
      set.push("sub_scores = ?::jsonb")
      values.push(s ? JSON.stringify(s) : null)
    }
    if (input.text !== undefined) {
      set.push("text = ?")
      values.push(normalizeText(input.text))
    }
    if (input.photos !== undefined) {
      const photos = normalizePhotos(input.photos)
      await this.assertOwnUploads(manager, input.customer_id, photos)
      set.push("photos = ?::jsonb", "photo_count = ?")
      values.push(JSON.stringify(photos), photos.length)
    }
    if (input.is_anonymous !== undefined) {
      set.push("is_anonymous = ?")
      values.push(!!input.is_anonymous)
    }
    if (!set.length) invalid("body: 没有要修改的内容 (nothing to change)")
    const [after] = await sql(
      manager,
      `update review set ${set.join(", ")}, edited_at = now(), updated_at = now() where id = ? returning *`,
      [...values, input.id]
    )
    delete before.too_old
    return { before, after }
  }

  /** The shop's single reply: the first call writes it, later calls edit it. Another shop's review is 404. */
  @InjectTransactionManager()
  async setReply(
    input: { id: string; merchant_id: string; member_id: string; text: string },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const text = (input.text ?? "").trim()
    if (!text) invalid("text: 回复内容不能为空 (reply text is required)")
    if ([...text].length > 500) invalid("text: 回复最多 500 字 (reply is limited to 500 characters)")
    const [row] = await sql(
      sharedContext.transactionManager,
      `update review set reply_text = ?, reply_by = ?,
              replied_at = coalesce(replied_at, now()),
              reply_updated_at = case when replied_at is null then null else now() end,
              updated_at = now()
        where id = ? and merchant_id = ? and deleted_at is null
        returning *`,
      [text, input.member_id, input.id, input.merchant_id]
    )
    if (!row) notFound()
    return row
  }

  /** Operator moderation; returns null when the review was already in that state (nothing changed). */
  @InjectTransactionManager()
  async setVisibility(
    input: { id: string; hidden: boolean; reason?: string | null; actor_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const [before] = await sql(manager, `select * from review where id = ? and deleted_at is null for update`, [input.id])
    if (!before) notFound()
    const to = input.hidden ? "hidden" : "visible"
    if (before.status === to) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        input.hidden ? "评价已隐藏 (the review is already hidden)" : "评价未被隐藏 (the review is not hidden)"
      )
    }
    const [after] = await sql(
      manager,
      input.hidden
        ? `update review set status = 'hidden', hidden_reason = ?, hidden_by = ?, hidden_at = now(), updated_at = now()
            where id = ? returning *`
        : `update review set status = 'visible', hidden_reason = null, hidden_by = null, hidden_at = null, updated_at = now()
            where id = ? returning *`,
      input.hidden ? [input.reason ?? null, input.actor_id ?? null, input.id] : [input.id]
    )
    return { before, after }
  }

  /** Puts moderation fields back as they were (workflow compensation). */
  @InjectTransactionManager()
  async restoreModeration(before: Row, @MedusaContext() sharedContext: Context = {}) {
    await sql(
      sharedContext.transactionManager,
      `update review set status = ?, hidden_reason = ?, hidden_by = ?, hidden_at = ?, updated_at = now() where id = ?`,
      [before.status, before.hidden_reason, before.hidden_by, before.hidden_at, before.id]
    )
  }

  /** Puts an edited review back as it was (workflow compensation). */
  @InjectTransactionManager()
  async restoreContent(before: Row, @MedusaContext() sharedContext: Context = {}) {
    await sql(
      sharedContext.transactionManager,
      `update review set rating = ?, sub_scores = ?::jsonb, text = ?, photos = ?::jsonb, photo_count = ?,
              is_anonymous = ?, edited_at = ?, updated_at = now() where id = ?`,
      [
        before.rating,
        before.sub_scores ? JSON.stringify(before.sub_scores) : null,
        before.text,
        JSON.stringify(before.photos ?? []),
        before.photo_count,
        before.is_anonymous,
        before.edited_at,
        before.id,
      ]
    )
  }

  /** Removes a review created by a workflow that then failed (compensation): no trace is left. */
  @InjectTransactionManager()
  async purgeReview(id: string, @MedusaContext() sharedContext: Context = {}) {
    await sql(sharedContext.transactionManager, `delete from review where id = ?`, [id])
  }

  /**
   * One "有用" per customer and review: the unique index decides, and the counter moves in the same
   * statement group so it always equals the number of votes.
   */
  @InjectTransactionManager()
  async markUseful(input: { id: string; customer_id: string }, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const [review] = await sql(
      manager,
      `select id, customer_id from review where id = ? and ${COUNTED}`,
      [input.id]
    )
    if (!review) notFound()
    if (review.customer_id === input.customer_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "不能给自己的评价点“有用” (you cannot vote for your own review)")
    }
    const inserted = await sql(
      manager,
      `insert into review_vote (id, review_id, customer_id) values (?, ?, ?)
       on conflict (review_id, customer_id) where deleted_at is null do nothing returning id`,
      [generateEntityId(undefined, "rvote"), input.id, input.customer_id]
    )
    if (!inserted.length) conflict("已经标记过“有用” (you already marked this review useful)")
    const [row] = await sql(
      manager,
      `update review set useful_count = useful_count + 1, updated_at = now() where id = ? returning useful_count`,
      [input.id]
    )
    return { useful_count: row.useful_count as number }
  }

  /** A customer reports (举报) a review once; reported reviews come first in the operators' queue. */
  @InjectTransactionManager()
  async report(
    input: { id: string; customer_id: string; reason?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const [review] = await sql(manager, `select id from review where id = ? and deleted_at is null`, [input.id])
    if (!review) notFound()
    const inserted = await sql(
      manager,
      `insert into review_report (id, review_id, customer_id, reason) values (?, ?, ?, ?)
       on conflict (review_id, customer_id) where deleted_at is null do nothing returning id`,
      [generateEntityId(undefined, "rrep"), input.id, input.customer_id, input.reason ?? null]
    )
    if (!inserted.length) conflict("您已举报过这条评价 (you already reported this review)")
    const [row] = await sql(
      manager,
      `update review set report_count = report_count + 1, updated_at = now() where id = ? returning report_count`,
      [input.id]
    )
    return { report_count: row.report_count as number }
  }

  /** Integer totals of a shop's counted reviews; the average is derived from them (ratingSummary). */
  @InjectManager()
  async merchantTotals(merchantId: string, @MedusaContext() sharedContext: Context = {}) {
    const [row] = await sql(
      sharedContext.manager,
      `select coalesce(sum(rating), 0)::int as sum, count(*)::int as count from review where merchant_id = ? and ${COUNTED}`,
      [merchantId]
    )
    return { sum: row.sum as number, count: row.count as number }
  }

  /** Per-product totals (sum, count) of counted reviews, and average sub-scores per key. */
  @InjectManager()
  async productTotals(productIds: string[], @MedusaContext() sharedContext: Context = {}) {
    if (!productIds.length) return new Map<string, { sum: number; count: number }>()
    const rows = await sql(
      sharedContext.manager,
      `select product_id, coalesce(sum(rating), 0)::int as sum, count(*)::int as count
         from review where product_id = any(?) and ${COUNTED} group by product_id`,
      [productIds]
    )
    return new Map(rows.map((r) => [r.product_id as string, { sum: r.sum as number, count: r.count as number }]))
  }

  /**
   * Recounts one product's rating from its counted reviews and stores it (review_product_rating), in
   * one transaction: the stored row is locked while it is recomputed, so two recounts of one product
   * never interleave. Returns the row before (null if there was none) for compensation.
   */
  @InjectTransactionManager()
  async recountProductRating(
    input: { product_id: string; merchant_id: string },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const [prev] = await sql(
      manager,
      `select product_id, merchant_id, rating_avg, rating_count from review_product_rating
        where product_id = ? and deleted_at is null for update`,
      [input.product_id]
    )
    const [totals] = await sql(
      manager,
      `select coalesce(sum(rating), 0)::int as sum, count(*)::int as count from review where product_id = ? and ${COUNTED}`,
      [input.product_id]
    )
    const summary = summaryFromTotals(totals.sum, totals.count)
    await this.writeProductRating(manager, { product_id: input.product_id, merchant_id: input.merchant_id, ...summary })
    return {
      prev: prev
        ? { product_id: prev.product_id as string, merchant_id: prev.merchant_id as string, rating_avg: Number(prev.rating_avg), rating_count: prev.rating_count as number }
        : null,
      summary: { product_id: input.product_id, ...summary },
    }
  }

  /** Puts a product's stored rating back as it was, or removes it if there was none (compensation). */
  @InjectTransactionManager()
  async restoreProductRating(
    input: { product_id: string; before: { merchant_id: string; rating_avg: number; rating_count: number } | null },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    if (!input.before) {
      await sql(manager, `delete from review_product_rating where product_id = ?`, [input.product_id])
      return
    }
    await this.writeProductRating(manager, { product_id: input.product_id, ...input.before })
  }

  private async writeProductRating(
    manager: any,
    r: { product_id: string; merchant_id: string; rating_avg: number; rating_count: number }
  ) {
    await sql(
      manager,
      `insert into review_product_rating (id, product_id, merchant_id, rating_avg, rating_count) values (?, ?, ?, ?, ?)
       on conflict (product_id) where deleted_at is null
       do update set merchant_id = excluded.merchant_id, rating_avg = excluded.rating_avg,
         rating_count = excluded.rating_count, updated_at = now()`,
      [generateEntityId(undefined, "rprt"), r.product_id, r.merchant_id, r.rating_avg, r.rating_count]
    )
  }

  /** Stored ratings of the given products (products without a counted review are absent). */
  @InjectManager()
  async productRatings(productIds: string[], @MedusaContext() sharedContext: Context = {}) {
    if (!productIds.length) return new Map<string, { rating_avg: number; rating_count: number }>()
    const rows = await sql(
      sharedContext.manager,
      `select product_id, rating_avg, rating_count from review_product_rating
        where product_id = any(?) and deleted_at is null`,
      [productIds]
    )
    return new Map(
      rows.map((r) => [r.product_id as string, { rating_avg: Number(r.rating_avg), rating_count: r.rating_count as number }])
    )
  }

  /** Rating distribution (1–5) and sub-score averages of a shop's or product's counted reviews. */
  @InjectManager()
  async breakdown(where: { merchant_id?: string; product_id?: string }, @MedusaContext() sharedContext: Context = {}) {
    const col = where.merchant_id ? "merchant_id" : "product_id"
    const value = where.merchant_id ?? where.product_id
    const manager = sharedContext.manager
    const dist = await sql(
      manager,
      `select rating, count(*)::int as n from review where ${col} = ? and ${COUNTED} group by rating`,
      [value]
    )
    const subs = await sql(
      manager,
      `select key, round(avg(value::int)::numeric, 2)::float as avg, count(*)::int as count
         from review, jsonb_each_text(coalesce(sub_scores, '{}'::jsonb)) as s(key, value)
        where ${col} = ? and ${COUNTED} group by key`,
      [value]
    )
    const distribution: Record<string, number> = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 }
    for (const d of dist) distribution[String(d.rating)] = d.n
    const with_photos = await sql(
      manager,
      `select count(*)::int as n from review where ${col} = ? and ${COUNTED} and photo_count > 0`,
      [value]
    )
    return {
      distribution,
      with_photos: with_photos[0]?.n ?? 0,
      sub_scores: Object.fromEntries(subs.map((s) => [s.key, { avg: s.avg, count: s.count }])),
    }
  }

  /** Remembers files a customer uploaded so a review can prove its photos came from here. */
  @InjectTransactionManager()
  async recordUploads(
    customerId: string,
    files: { id: string; url: string }[],
    @MedusaContext() sharedContext: Context = {}
  ) {
    for (const f of files) {
      await sql(
        sharedContext.transactionManager,
        `insert into review_upload (id, customer_id, file_id, url) values (?, ?, ?, ?)
         on conflict (customer_id, url) where deleted_at is null do nothing`,
        [generateEntityId(undefined, "rupl"), customerId, f.id, f.url]
      )
    }
  }
}

export default ReviewModuleService
