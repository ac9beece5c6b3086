import type { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectTransactionManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import { pointsConfig, type PointsConfig } from "./config"
import { PointsAccount, PointsEntry, type PointsEntryKind } from "./models"

type Row = Record<string, any>

async function sql(manager: any, text: string, bindings: unknown[] = []): Promise<Row[]> {
  const knex = manager.getTransactionContext?.() ?? manager.getKnex()
  const res = await knex.raw(text, bindings)
  return res.rows ?? []
}

export type PostPointsInput = {
  customer_id: string
  idempotency_key: string
  kind: PointsEntryKind
  /** Wanted change; negative takes points away. */
  delta: number
  order_id?: string | null
  reason?: string | null
  metadata?: Record<string, unknown> | null
  /**
   * exact: refuse (400) if the balance would go below zero.
   * clamp: take only what is there (reversals of points the customer already spent).
   */
  mode?: "exact" | "clamp"
  /**
   * Never give back more than the order's debits (refund_spend ≤ spent) or reverse more than it
   * earned (reverse_earn ≤ earned), however many refund/cancel events arrive.
   */
  cap?: "order_spent" | "order_earned"
}

export type PostPointsResult = {
  entry: Row
  /** True when the key had already been booked: nothing changed this time. */
  replayed: boolean
}

export function insufficientPoints(balance: number, wanted: number): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `积分不足：余额 ${balance}，需要 ${wanted} (insufficient points: balance ${balance}, needed ${wanted})`
  )
}

class PointsModuleService extends MedusaService({ PointsAccount, PointsEntry }) {
  protected readonly options_: Partial<PointsConfig>

  constructor(container: Record<string, unknown>, options: Partial<PointsConfig> = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = options ?? {}
  }

  getConfig(): PointsConfig {
    return pointsConfig(this.options_)
  }

  async getBalance(customerId: string): Promise<number> {
    const [account] = await this.listPointsAccounts({ customer_id: customerId })
    return account ? Number(account.balance) : 0
  }

  /**
   * The only way a balance changes. One transaction: the account row is locked, the idempotency key
   * checked, the balance moved by a conditional UPDATE (balance + delta >= 0) and one ledger entry
   * written with the balance after it. The CHECK constraint on the table backs the condition up.
   */
  @InjectTransactionManager()
  async post(input: PostPointsInput, @MedusaContext() sharedContext: Context = {}): Promise<PostPointsResult> {
    if (!Number.isInteger(input.delta)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `积分必须是整数 (points must be a whole number): ${input.delta}`)
    }
    const manager = sharedContext.transactionManager
    await sql(
      manager,
      `insert into points_account (id, customer_id, balance) values (?, ?, 0)
       on conflict (customer_id) where deleted_at is null do nothing`,
      [generateEntityId("", "ptacc"), input.customer_id]
    )
    const [account] = await sql(
      manager,
      `select balance from points_account where customer_id = ? and deleted_at is null for update`,
      [input.customer_id]
    )
    const [existing] = await sql(manager, `select * from points_entry where idempotency_key = ? and deleted_at is null`, [
      input.idempotency_key,
    ])
    if (existing) return { entry: existing, replayed: true }

    const balance = Number(account.balance)
    let delta = input.delta
    const metadata: Record<string, unknown> = { ...(input.metadata ?? {}) }

    if (input.cap && input.order_id) {
      const [sums] = await sql(
        manager,
        `select
           coalesce(-sum(delta) filter (where kind = 'spend'), 0)::int as spent,
           coalesce(sum(delta) filter (where kind = 'refund_spend'), 0)::int as given_back,
           coalesce(sum(delta) filter (where kind = 'earn'), 0)::int as earned,
           coalesce(sum(coalesce((metadata->>'intended')::int, -delta)) filter (where kind = 'reverse_earn'), 0)::int as reversed
         from points_entry where customer_id = ? and order_id = ? and deleted_at is null`,
        [input.customer_id, input.order_id]
      )
      if (input.cap === "order_spent") {
        delta = Math.max(0, Math.min(delta, sums.spent - sums.given_back))
      } else {
        // Reversal is negative: at most what was earned and not yet reversed.
        delta = -Math.max(0, Math.min(-delta, sums.earned - sums.reversed))
      }
    }
    if (delta < 0 && balance + delta < 0) {
      if (input.mode !== "clamp") throw insufficientPoints(balance, -delta)
      metadata.intended = -delta
      metadata.shortfall = -delta - balance
      delta = -balance
    } else if (input.kind === "reverse_earn") {
      metadata.intended = -delta
    }

    const [updated] = await sql(
      manager,
      `update points_account set balance = balance + ?, updated_at = now()
       where customer_id = ? and deleted_at is null and balance + ? >= 0
       returning balance`,
      [delta, input.customer_id, delta]
    )
    if (!updated) throw insufficientPoints(balance, -delta)

    const [entry] = await sql(
      manager,
      `insert into points_entry (id, customer_id, delta, kind, order_id, reason, balance_after, idempotency_key, metadata)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
      [
        generateEntityId("", "ptent"),
        input.customer_id,
        delta,
        input.kind,
        input.order_id ?? null,
        input.reason ?? null,
        Number(updated.balance),
        input.idempotency_key,
        Object.keys(metadata).length ? JSON.stringify(metadata) : null,
      ]
    )
    return { entry, replayed: false }
  }

  /** Newest first; ties (same transaction) broken by id, which grows with time. */
  async ledger(customerId: string, page: { limit: number; offset: number }, sharedContext: Context = {}) {
    const [entries, count] = await this.listAndCountPointsEntries(
      { customer_id: customerId },
      { order: { created_at: "DESC", id: "DESC" }, take: page.limit, skip: page.offset },
      sharedContext
    )
    return { entries, count }
  }

  /**
   * The balance and a page of the ledger as of one moment. Read as two statements under READ COMMITTED,
   * a post committing in between showed a balance without the entry that made it (seen in CI); one
   * REPEATABLE READ transaction gives both reads the same snapshot.
   */
  async statement(customerId: string, page: { limit: number; offset: number }) {
    return this.statementInSnapshot(customerId, page, { isolationLevel: "repeatable read" } as Context)
  }

  @InjectTransactionManager()
  protected async statementInSnapshot(
    customerId: string,
    page: { limit: number; offset: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const [account] = await this.listPointsAccounts({ customer_id: customerId }, {}, sharedContext)
    const { entries, count } = await this.ledger(customerId, page, sharedContext)
    return { balance: account ? Number(account.balance) : 0, entries, count }
  }

  /** Points spent on and earned by one order, net of refunds and reversals. */
  async orderSummary(orderId: string) {
    const entries = await this.listPointsEntries({ order_id: orderId }, { order: { created_at: "ASC", id: "ASC" } })
    const sum = (k: PointsEntryKind) => entries.filter((e) => e.kind === k).reduce((s, e) => s + Number(e.delta), 0)
    return {
      customer_id: entries[0]?.customer_id ?? null,
      spent: -sum("spend"),
      refunded_spent: sum("refund_spend"),
      earned: sum("earn"),
      reversed_earned: -sum("reverse_earn"),
      entries,
    }
  }
}

export default PointsModuleService
