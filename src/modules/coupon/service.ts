import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { conflictError } from "../booking/utils/errors"
import { CouponBatch, CustomerCoupon } from "./models"

type Row = Record<string, any>

async function sql(manager: any, text: string, bindings: unknown[] = []): Promise<Row[]> {
  const knex = manager.getTransactionContext?.() ?? manager.getKnex()
  const res = await knex.raw(text, bindings)
  return res.rows ?? []
}

export const ALL_CLAIMED = "已领完 (all claimed)"

class CouponModuleService extends MedusaService({ CouponBatch, CustomerCoupon }) {
  /**
   * Issues one coupon of a batch to a customer. The batch counter moves in ONE conditional UPDATE
   * (claimed < total), which also row-locks the batch, so concurrent claims are serialised and the
   * last coupon goes to exactly one of them. The per-customer count is then read under that lock
   * and the unique (batch, customer, seq) index backs it up; any refusal rolls the counter back.
   */
  @InjectTransactionManager()
  async claim(
    input: { batch_id: string; customer_id: string; has_prior_order: boolean },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const [batch] = await sql(
      manager,
      `update coupon_batch set claimed = claimed + 1, updated_at = now()
       where id = ? and deleted_at is null and status = 'active' and claimed < total and ends_at > now()
       returning *`,
      [input.batch_id]
    )
    if (!batch) {
      const [b] = await sql(manager, `select * from coupon_batch where id = ? and deleted_at is null`, [input.batch_id])
      if (!b) throw new MedusaError(MedusaError.Types.NOT_FOUND, `优惠券 ${input.batch_id} 不存在 (coupon batch not found)`)
      if (b.status === "ended" || new Date(b.ends_at) <= new Date()) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "优惠券已过期，不能领取 (the coupon has expired)")
      }
      throw conflictError(ALL_CLAIMED)
    }
    if (batch.new_customer_only && input.has_prior_order) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        batch.merchant_id
          ? "仅限新客领取：你已在本店下过单 (for new customers only: you have ordered at this shop before)"
          : "仅限新客领取：你已在平台下过单 (for new customers only: you have ordered on the platform before)"
      )
    }
    const [{ n }] = await sql(
      manager,
      `select count(*)::int as n from customer_coupon where batch_id = ? and customer_id = ? and deleted_at is null`,
      [input.batch_id, input.customer_id]
    )
    if (n >= batch.per_customer_limit) {
      throw conflictError(`每人限领 ${batch.per_customer_limit} 张，你已领完 (limit ${batch.per_customer_limit} per customer reached)`)
    }
    const [coupon] = await sql(
      manager,
      `insert into customer_coupon (id, batch_id, customer_id, seq, status, code)
       values (?, ?, ?, ?, 'available', ?) returning *`,
      [generateEntityId(undefined, "ccp"), input.batch_id, input.customer_id, n + 1, batch.code]
    )
    return coupon
  }

  /** Compensation of claim: the coupon leaves the wallet and its place in the batch is freed. */
  @InjectTransactionManager()
  async unclaim(couponId: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const [row] = await sql(
      manager,
      `delete from customer_coupon where id = ? and status = 'available' returning batch_id`,
      [couponId]
    )
    if (row) {
      await sql(manager, `update coupon_batch set claimed = claimed - 1 where id = ? and claimed > 0`, [row.batch_id])
    }
  }

  /**
   * Puts a wallet coupon on a cart (one coupon per cart): any other coupon on that cart is taken off
   * it. Conditional on the coupon still being available, so a used coupon can never be re-attached.
   * Returns what it replaced, for compensation.
   */
  @InjectTransactionManager()
  async attachToCart(
    input: { coupon_id: string; cart_id: string; code: string },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const before = await sql(
      manager,
      `select id, cart_id, code from customer_coupon where (cart_id = ? or id = ?) and deleted_at is null for update`,
      [input.cart_id, input.coupon_id]
    )
    await sql(manager, `update customer_coupon set cart_id = null, updated_at = now() where cart_id = ? and id <> ?`, [
      input.cart_id,
      input.coupon_id,
    ])
    const [row] = await sql(
      manager,
      `update customer_coupon set cart_id = ?, code = ?, updated_at = now()
       where id = ? and status = 'available' and deleted_at is null returning *`,
      [input.cart_id, input.code, input.coupon_id]
    )
    if (!row) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "优惠券已使用 (the coupon has already been used)")
    return before.map((r) => ({ id: r.id, cart_id: r.cart_id, code: r.code }))
  }

  /** Takes the cart's coupon off it; returns what was there, for compensation. */
  @InjectTransactionManager()
  async detachFromCart(cartId: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    return (await sql(
      manager,
      `update customer_coupon c set cart_id = null, updated_at = now()
       from (select id, cart_id, code from customer_coupon where cart_id = ? and status = 'available' for update) old
       where c.id = old.id returning old.id, old.cart_id, old.code`,
      [cartId]
    )) as { id: string; cart_id: string; code: string }[]
  }

  @InjectTransactionManager()
  async restoreCartLinks(rows: { id: string; cart_id: string | null; code: string | null }[], @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    for (const r of rows) {
      await sql(manager, `update customer_coupon set cart_id = ?, code = ? where id = ? and status = 'available'`, [r.cart_id, r.code, r.id])
    }
  }

  /**
   * Marks the coupon attached to a completed cart as used by the order. Conditional on status
   * 'available' AND on it still being attached to this very cart: if the same coupon was used by
   * another checkout first (or moved to another cart), nothing is updated and the caller must fail.
   */
  @InjectTransactionManager()
  async markUsed(
    input: { coupon_id: string; cart_id: string; order_id: string; discount_total: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const [row] = await sql(
      manager,
      `update customer_coupon set status = 'used', order_id = ?, used_at = now(), discount_total = ?,
         raw_discount_total = ?, updated_at = now()
       where id = ? and cart_id = ? and status = 'available' and deleted_at is null returning *`,
      [
        input.order_id,
        input.discount_total,
        JSON.stringify({ value: String(input.discount_total), precision: 20 }),
        input.coupon_id,
        input.cart_id,
      ]
    )
    return row ?? null
  }

  /**
   * Sets a batch's total in ONE conditional UPDATE (never below what is already claimed), so a claim
   * landing at the same moment cannot make the CHECK constraint fire: either the claim comes first
   * and the new total is refused, or the total comes first and the claim sees it. Returns null with
   * the current claimed count when refused.
   */
  @InjectTransactionManager()
  async setTotal(
    input: { id: string; total: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ batch: Row | null; claimed: number }> {
    const manager = sharedContext.transactionManager
    const [batch] = await sql(
      manager,
      `update coupon_batch set total = ?, updated_at = now() where id = ? and deleted_at is null and claimed <= ? returning *`,
      [input.total, input.id, input.total]
    )
    if (batch) return { batch, claimed: batch.claimed }
    const [current] = await sql(manager, `select claimed from coupon_batch where id = ? and deleted_at is null`, [input.id])
    return { batch: null, claimed: current?.claimed ?? 0 }
  }

  /**
   * A rejected or cancelled order gives its coupon back to the wallet while the batch still runs (active,
   * not ended); a coupon of an ended batch stays used by the order. Returns the row as it was, for undo.
   */
  @InjectTransactionManager()
  async returnOrderCoupon(orderId: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const [before] = await sql(
      manager,
      `select c.* from customer_coupon c join coupon_batch b on b.id = c.batch_id
        where c.order_id = ? and c.status = 'used' and c.deleted_at is null
          and b.status = 'active' and b.ends_at > now() for update of c`,
      [orderId]
    )
    if (!before) return null
    await sql(
      manager,
      `update customer_coupon set status = 'available', order_id = null, cart_id = null, used_at = null,
         discount_total = null, raw_discount_total = null, updated_at = now() where id = ?`,
      [before.id]
    )
    return before as Record<string, any>
  }

  /** Compensation of returnOrderCoupon: the coupon is the order's again, unless it was reused meanwhile. */
  @InjectTransactionManager()
  async restoreReturnedCoupon(before: Record<string, any>, @MedusaContext() sharedContext: Context = {}) {
    await sql(
      sharedContext.transactionManager,
      `update customer_coupon set status = 'used', order_id = ?, cart_id = ?, used_at = ?, discount_total = ?,
         raw_discount_total = ?, updated_at = now() where id = ? and status = 'available' and cart_id is null`,
      [before.order_id, before.cart_id, before.used_at, before.discount_total, before.raw_discount_total ? JSON.stringify(before.raw_discount_total) : null, before.id]
    )
  }

  @InjectTransactionManager()
  async unmarkUsed(couponId: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    await sql(
      manager,
      `update customer_coupon set status = 'available', order_id = null, used_at = null, discount_total = null,
         raw_discount_total = null where id = ? and status = 'used'`,
      [couponId]
    )
  }
}

export default CouponModuleService
