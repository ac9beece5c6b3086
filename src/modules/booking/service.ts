import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import {
  BookingAppointment,
  BookingClosure,
  BookingOffering,
  BookingRedemptionAttempt,
  BookingResource,
  BookingSeatClaim,
  BookingSlotSeat,
  BookingVoucher,
  type AppointmentStatus,
  type VoucherStatus,
} from "./models"
import { conflictError } from "./utils/errors"
import { codeHint, newRedemptionCode, parseQrPayload, qrPayload, verifyQrSignature } from "./utils/redemption"
import { redeemWindow, redeemWindowRefusal } from "./utils/redeem-window"
import { isVoucherCode, newVoucherCode, parseVoucherQr, verifyVoucherQr } from "./utils/voucher"

/** Bookings that take capacity: confirmed ones and holds that have not run out. */
const LIVE = `(status in ('confirmed', 'checked_in') or (status = 'held' and expires_at > now()))`

/** Statuses that keep a seat on the slot counter: the ones the exclusion constraint sees. */
const SEATED = `status in ('held', 'confirmed', 'checked_in')`

/**
 * A claim older than this belongs to a request that can no longer be running (HTTP and workflow
 * timeouts are far shorter): its process died between taking seats and answering.
 */
const STALE_CLAIM = `interval '10 minutes'`

/** Seats the offering's active resources offer at one instant: the slot counter's ceiling. */
const OFFERING_CAPACITY = `(select coalesce(sum(r.capacity), 0)::int from booking_offering o
   join booking_resource r on r.id in (select jsonb_array_elements_text(o.resource_ids::jsonb))
     and r.merchant_id = o.merchant_id and r.is_active and r.deleted_at is null
   where o.id = ? and o.is_active and o.deleted_at is null)`

export type SeatClaim =
  /** Seats taken: pass `claim_id` on to placeHold, or give them back with releaseClaim. */
  | { claim_id: string; full?: false }
  /** Refused: every seat of the slot is held, booked or being taken. */
  | { claim_id: null; full: true }
  /** Not for the counter to decide (unknown offering, past start, party above capacity): the full checks answer. */
  | { claim_id: null; full: false }

type Row = Record<string, any>

async function sql(manager: any, text: string, bindings: unknown[] = []): Promise<Row[]> {
  const knex = manager.getTransactionContext?.() ?? manager.getKnex()
  const res = await knex.raw(text, bindings)
  return res.rows ?? []
}

/**
 * The SET list of a status transition: the status, its timestamp column if it has one, and extra columns
 * (JSON values serialised); column names are checked, since they are written into the statement.
 */
function statusSets(to: string, stampColumn: string | undefined, set: Record<string, unknown> = {}) {
  const sets = ["status = ?", "updated_at = now()"]
  const values: unknown[] = [to]
  if (stampColumn) sets.push(`${stampColumn} = now()`)
  for (const [k, v] of Object.entries(set)) {
    if (!/^[a-z_]+$/.test(k)) continue
    sets.push(`${k} = ?`)
    values.push(v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v)
  }
  return { sets, values }
}

function conflict(message: string): never {
  throw conflictError(message)
}

export type PlaceHoldInput = {
  merchant_id: string
  offering_id: string
  /** Resources that may serve the booking, tried in id order (the lock order, so no deadlocks). */
  resource_ids: string[]
  start_at: Date
  end_at: Date
  occupied_from: Date
  occupied_to: Date
  party_size: number
  seats: number
  cart_id?: string | null
  customer_id?: string | null
  address?: Record<string, unknown> | null
  hold_minutes: number
  /** Seats already taken on the slot counter by claimSeats; the appointment takes them over. */
  claim_id?: string | null
}

export type RedeemInput = {
  merchant_id: string
  member_id?: string | null
  code?: string
  qr?: string
  /** The shop's IANA zone: the window is told to the clerk in the shop's wall-clock time. */
  time_zone?: string | null
  /** Redeem outside the 核销 window; needs `reason` (2–200 characters), which is logged. */
  force?: boolean
  reason?: string | null
}

type RedemptionResult = "ok" | "wrong" | "reused" | "not_allowed" | "outside_window" | "forced"

/** One unit of an order line that becomes one voucher; amounts in fen. */
export type VoucherUnit = {
  merchant_id: string
  line_item_id: string
  product_id: string
  variant_id: string
  title: string
  unit_price: number
  paid_amount: number
  refundable: boolean
  refund_on_expiry: boolean
  expires_at: Date
}

/** A time as the shop's clerk reads it, e.g. 2026-12-03 15:04. */
function localTime(d: Date | string, timeZone: string) {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(d))
}

export type RescheduleInput = {
  appointment_id: string
  resource_ids: string[]
  start_at: Date
  end_at: Date
  occupied_from: Date
  occupied_to: Date
}

class BookingModuleService extends MedusaService({
  BookingResource,
  BookingOffering,
  BookingAppointment,
  BookingClosure,
  BookingRedemptionAttempt,
  BookingVoucher,
  BookingSlotSeat,
  BookingSeatClaim,
}) {
  /**
   * Seats in use at the busiest instant of [from, to) on one resource, counting live bookings only.
   * Must run inside the transaction that holds the resource's row lock to mean anything for writes.
   */
  private async peakInTx(manager: any, resourceId: string, from: Date, to: Date, excludeId = "") {
    const [row] = await sql(
      manager,
      `with a as (
         select occupied_from f, occupied_to t, seats from booking_appointment
         where resource_id = ? and deleted_at is null and id <> ? and ${LIVE}
           and occupied_from < ? and occupied_to > ?
       )
       select coalesce(max((select coalesce(sum(seats), 0) from a where a.f <= p.p and a.t > p.p)), 0)::int as peak
       from (select ?::timestamptz as p union select f from a where f > ?) p`,
      [resourceId, excludeId, to, from, from, from]
    )
    return Number(row?.peak ?? 0)
  }

  /**
   * Locks the candidate resources one by one (ascending id) and books the first with room.
   * The row lock on booking_resource serialises every writer of that resource, so the capacity check
   * and the insert are one atomic decision; for single-seat resources the exclusion constraint
   * refuses an overlap even if a writer forgot the lock.
   */
  @InjectTransactionManager()
  async placeHold(input: PlaceHoldInput, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const ids = [...new Set(input.resource_ids)].sort()
    for (const rid of ids) {
      const [res] = await sql(
        manager,
        `select id, capacity, is_active from booking_resource
         where id = ? and merchant_id = ? and deleted_at is null for update`,
        [rid, input.merchant_id]
      )
      if (!res || !res.is_active || res.capacity < input.seats) continue
      // Holds past their expiry no longer count; flipping them here keeps the exclusion constraint
      // (which cannot see the clock) in step with what availability shows.
      await sql(
        manager,
        `update booking_appointment set status = 'expired', updated_at = now()
         where resource_id = ? and status = 'held' and expires_at <= now() and deleted_at is null
           and occupied_from < ? and occupied_to > ?`,
        [rid, input.occupied_to, input.occupied_from]
      )
      const peak = await this.peakInTx(manager, rid, input.occupied_from, input.occupied_to)
      if (peak + input.seats > res.capacity) continue
      const [row] = await sql(
        manager,
        `insert into booking_appointment
           (id, merchant_id, offering_id, resource_id, resource_capacity, customer_id, cart_id, status,
            party_size, seats, start_at, end_at, occupied_from, occupied_to, expires_at, address)
         values (?, ?, ?, ?, ?, ?, ?, 'held', ?, ?, ?, ?, ?, ?, now() + make_interval(mins => ?), ?)
         returning *`,
        [
          generateEntityId(undefined, "appt"),
          input.merchant_id,
          input.offering_id,
          rid,
          res.capacity,
          input.customer_id ?? null,
          input.cart_id ?? null,
          input.party_size,
          input.seats,
          input.start_at,
          input.end_at,
          input.occupied_from,
          input.occupied_to,
          input.hold_minutes,
          input.address ? JSON.stringify(input.address) : null,
        ]
      ).catch((e) => {
        if (e?.code === "23P01") conflict("该时段已约满 (the slot is fully booked)")
        throw e
      })
      // The insert's trigger counted the seats on the slot row; the claim that held them until now goes.
      // Last in the transaction, so the slot row stays locked only until the commit.
      if (input.claim_id) {
        await sql(
          manager,
          `with c as (
             delete from booking_seat_claim c using booking_slot_seat s
             where c.id = ? and s.id = c.slot_seat_id and s.offering_id = ? and s.start_at = ?
             returning c.slot_seat_id, c.seats
           )
           update booking_slot_seat s set taken = greatest(s.taken - c.seats, 0), updated_at = now()
           from c where s.id = c.slot_seat_id`,
          [input.claim_id, input.offering_id, input.start_at]
        )
      }
      return row
    }
    conflict("该时段已约满，请选择其他时间 (the slot is fully booked; pick another time)")
  }

  /**
   * Takes `seats` on the offering's slot at `start_at` with ONE conditional update, before any other
   * work, so a full slot is refused by one statement instead of after the rules, the resource
   * lock and the cart. The statement holds the counter row only while it runs. A refusal is final only
   * after holds of this slot that ran out by the clock are marked expired (their trigger gives their
   * seats back): availability shows such a seat free at once, so the counter must too.
   *
   * Why not recount on every refusal: at a popular release hundreds of losers would queue on the
   * counter row again. The other ways the count can end too high are rare (a process dying between
   * claim and answer; a booking cancelled while the slot's row was first being counted) and
   * reconcileSlotSeats, run every minute, puts them right. Too low only lets a request through to
   * the locked check, which refuses it: the counter can never admit what the database would not.
   */
  @InjectManager()
  async claimSeats(
    input: { offering_id: string; start_at: Date; seats: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SeatClaim> {
    const manager = sharedContext.manager
    const { offering_id, start_at, seats } = input
    const pass = { claim_id: null, full: false } as const
    if (!Number.isInteger(seats) || seats < 1 || !(start_at.getTime() > Date.now())) return pass
    let created = false
    let swept = false
    for (;;) {
      const claimId = generateEntityId(undefined, "bscl")
      const [r] = await sql(
        manager,
        `with cap as (select ${OFFERING_CAPACITY} as c),
         s as (
           update booking_slot_seat set taken = taken + ?::int, capacity = (select c from cap), updated_at = now()
           where offering_id = ? and start_at = ? and deleted_at is null and taken + ? <= (select c from cap)
           returning id
         ),
         c as (insert into booking_seat_claim (id, slot_seat_id, seats) select ?::text, id, ?::int from s returning id)
         select (select id from c) as claim_id, (select c from cap) as capacity,
                exists (select 1 from booking_slot_seat where offering_id = ? and start_at = ? and deleted_at is null) as counted,
                exists (select 1 from booking_appointment where offering_id = ? and start_at = ? and status = 'held'
                        and expires_at <= now() and deleted_at is null) as lapsed`,
        [offering_id, seats, offering_id, start_at, seats, claimId, seats, offering_id, start_at, offering_id, start_at]
      )
      if (r?.claim_id) return { claim_id: r.claim_id }
      if (seats > Number(r?.capacity ?? 0)) return pass
      if (!r.counted) {
        if (created) return pass
        created = true
        await sql(
          manager,
          `insert into booking_slot_seat (id, offering_id, start_at, capacity, taken)
           select ?::text, ?::text, ?::timestamptz, ${OFFERING_CAPACITY},
                  (select coalesce(sum(a.seats), 0)::int from booking_appointment a
                   where a.offering_id = ? and a.start_at = ? and a.deleted_at is null and a.${SEATED})
           on conflict (offering_id, start_at) where deleted_at is null do nothing`,
          [generateEntityId(undefined, "bsst"), offering_id, start_at, offering_id, offering_id, start_at]
        )
        continue
      }
      // A loser at a busy slot usually stops here, after this one statement.
      if (swept || !r.lapsed) return { claim_id: null, full: true }
      swept = true
      const lapsed = await sql(
        manager,
        `update booking_appointment set status = 'expired', updated_at = now()
         where offering_id = ? and start_at = ? and status = 'held' and expires_at <= now() and deleted_at is null
         returning id`,
        [offering_id, start_at]
      )
      if (!lapsed.length) return { claim_id: null, full: true }
    }
  }

  /**
   * Gives a claim's seats back; a claim already taken over by its appointment (or released before) is
   * gone, so calling this twice, or after success, changes nothing.
   */
  @InjectManager()
  async releaseClaim(claimId: string | null | undefined, @MedusaContext() sharedContext: Context = {}) {
    if (!claimId) return false
    const rows = await sql(
      sharedContext.manager,
      `with c as (delete from booking_seat_claim where id = ? returning slot_seat_id, seats)
       update booking_slot_seat s set taken = greatest(s.taken - c.seats, 0), updated_at = now()
       from c where s.id = c.slot_seat_id returning s.id`,
      [claimId]
    )
    return rows.length > 0
  }

  /**
   * Puts slot counters right where they drifted: `taken` recomputed from the seated appointments and
   * the claims still in flight, claims of dead requests dropped, rows of past slots deleted. Candidates
   * are found without locks; each is then fixed under its row lock with fresh reads, so a write racing
   * the fix is counted once (before the lock it is in the recount, after it its trigger adds its delta).
   */
  @InjectManager()
  async reconcileSlotSeats(@MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager
    await sql(manager, `delete from booking_slot_seat where start_at < now() - interval '1 day'`)
    await sql(
      manager,
      `delete from booking_seat_claim c where not exists (select 1 from booking_slot_seat s where s.id = c.slot_seat_id)`
    )
    const drifted = await sql(
      manager,
      `select s.id from booking_slot_seat s
       where s.deleted_at is null and s.start_at > now() - interval '1 day'
         and s.taken <> (select coalesce(sum(a.seats), 0) from booking_appointment a
                         where a.offering_id = s.offering_id and a.start_at = s.start_at and a.deleted_at is null and a.${SEATED})
                      + (select coalesce(sum(c.seats), 0) from booking_seat_claim c
                         where c.slot_seat_id = s.id and c.created_at > now() - ${STALE_CLAIM})`
    )
    let fixed = 0
    for (const { id } of drifted) {
      if (await this.recountSlotSeat(id)) fixed++
    }
    return fixed
  }

  @InjectTransactionManager()
  protected async recountSlotSeat(id: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const [row] = await sql(manager, `select id, taken from booking_slot_seat where id = ? for update`, [id])
    if (!row) return false
    await sql(manager, `delete from booking_seat_claim where slot_seat_id = ? and created_at <= now() - ${STALE_CLAIM}`, [id])
    const [after] = await sql(
      manager,
      `update booking_slot_seat s set updated_at = now(),
         taken = (select coalesce(sum(a.seats), 0) from booking_appointment a
                  where a.offering_id = s.offering_id and a.start_at = s.start_at and a.deleted_at is null and a.${SEATED})
               + (select coalesce(sum(c.seats), 0) from booking_seat_claim c where c.slot_seat_id = s.id)
       where s.id = ? returning taken`,
      [id]
    )
    return Number(after?.taken) !== Number(row.taken)
  }

  /**
   * Updates a resource under its row lock (hours replace the saved ones). Lowering the capacity is refused while live bookings from
   * now on already need more seats at some instant (placeHold takes the same lock, so none can slip in
   * between the check and the write). Future live bookings carry the new capacity, so a resource that
   * becomes single-seat is covered by the exclusion constraint for them as well.
   */
  @InjectTransactionManager()
  async updateResourceChecked(
    input: { id: string; merchant_id: string; data: Record<string, unknown> },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const [res] = await sql(
      manager,
      `select id, capacity from booking_resource where id = ? and merchant_id = ? and deleted_at is null for update`,
      [input.id, input.merchant_id]
    )
    if (!res) throw new MedusaError(MedusaError.Types.NOT_FOUND, `资源 ${input.id} 不存在 (resource not found)`)
    const capacity = input.data.capacity as number | undefined
    if (capacity !== undefined && capacity !== res.capacity) {
      if (capacity < res.capacity) {
        const [row] = await sql(
          manager,
          `with a as (
             select occupied_from f, occupied_to t, seats from booking_appointment
             where resource_id = ? and deleted_at is null and ${LIVE} and occupied_to > now()
           )
           select coalesce(max((select sum(b.seats) from a b where b.f <= p.p and b.t > p.p)), 0)::int as peak
           from (select greatest(f, now()) as p from a) p`,
          [res.id]
        )
        const peak = Number(row?.peak ?? 0)
        if (peak > capacity) {
          conflict(
            `capacity: 已有预约同时占用 ${peak} 个位置，容量不能低于 ${peak}（请先改期或取消相关预约） ` +
              `(capacity_below_bookings: live bookings from now on already need ${peak} seats at once; capacity cannot go below that)`
          )
        }
      }
      await sql(
        manager,
        `update booking_appointment set resource_capacity = ?, updated_at = now()
         where resource_id = ? and deleted_at is null and ${LIVE} and occupied_to > now()`,
        [capacity, res.id]
      )
    }
    const { hours, ...rest } = input.data
    // Written as given, before the ORM loads the row: Medusa's update would merge new hours into the
    // old ones key by key. The ORM's own changes are flushed when the transaction ends.
    if (hours !== undefined) {
      await sql(manager, `update booking_resource set hours = ?::jsonb, updated_at = now() where id = ?`, [
        hours === null ? null : JSON.stringify(hours),
        res.id,
      ])
    }
    if (Object.keys(rest).length) await this.updateBookingResources([{ id: res.id, ...rest } as any], sharedContext)
    const [updated] = await this.listBookingResources({ id: res.id }, {}, sharedContext)
    return updated
  }

  /** Moves a confirmed booking to a new slot in one transaction: the old slot is freed only if the new one is taken. */
  @InjectTransactionManager()
  async rescheduleInTx(input: RescheduleInput, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const ids = [...new Set(input.resource_ids)].sort()
    const [current] = await sql(manager, `select * from booking_appointment where id = ? and deleted_at is null`, [
      input.appointment_id,
    ])
    if (!current) throw new MedusaError(MedusaError.Types.NOT_FOUND, "预约不存在 (appointment not found)")
    const resources: Row[] = []
    for (const rid of ids) {
      const [res] = await sql(
        manager,
        `select id, capacity, is_active from booking_resource
         where id = ? and merchant_id = ? and deleted_at is null for update`,
        [rid, current.merchant_id]
      )
      if (res) resources.push(res)
    }
    // Resources first, then the appointment: the same order as placeHold, so the two cannot deadlock.
    const [appt] = await sql(manager, `select * from booking_appointment where id = ? for update`, [input.appointment_id])
    if (appt.status !== "confirmed") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `只有已确认的预约可以改期，当前为 ${appt.status} (only a confirmed appointment can be rescheduled)`
      )
    }
    for (const res of resources) {
      if (!res.is_active || res.capacity < appt.seats) continue
      await sql(
        manager,
        `update booking_appointment set status = 'expired', updated_at = now()
         where resource_id = ? and status = 'held' and expires_at <= now() and deleted_at is null
           and occupied_from < ? and occupied_to > ?`,
        [res.id, input.occupied_to, input.occupied_from]
      )
      const peak = await this.peakInTx(manager, res.id, input.occupied_from, input.occupied_to, appt.id)
      if (peak + appt.seats > res.capacity) continue
      const entry = {
        at: new Date().toISOString(),
        from: { resource_id: appt.resource_id, start_at: appt.start_at, end_at: appt.end_at },
        to: { resource_id: res.id, start_at: input.start_at.toISOString(), end_at: input.end_at.toISOString() },
      }
      const [row] = await sql(
        manager,
        `update booking_appointment set resource_id = ?, resource_capacity = ?, start_at = ?, end_at = ?,
           occupied_from = ?, occupied_to = ?, reschedules = coalesce(reschedules, '[]'::jsonb) || ?::jsonb,
           updated_at = now()
         where id = ? returning *`,
        [
          res.id,
          res.capacity,
          input.start_at,
          input.end_at,
          input.occupied_from,
          input.occupied_to,
          JSON.stringify([entry]),
          appt.id,
        ]
      ).catch((e) => {
        if (e?.code === "23P01") conflict("新时段已约满 (the new slot is fully booked)")
        throw e
      })
      return row
    }
    conflict("新时段已约满，原预约保持不变 (the new slot is fully booked; the appointment is unchanged)")
  }

  /**
   * What availability needs for one active offering of one shop over [from, to): the offering, the
   * active resources that serve it, closures and live bookings overlapping the window widened by the
   * offering's duration and buffers. One round trip and no entity hydration: this runs for every
   * day a consumer looks at, so it is the hottest read of bookings. Null when the offering is unknown,
   * inactive or not the shop's.
   */
  @InjectManager()
  async availabilityInputs(
    input: { offering_id: string; merchant_id: string; from: Date; to: Date },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const [row] = await sql(
      sharedContext.manager,
      `with o as (
         select * from booking_offering where id = ? and merchant_id = ? and is_active and deleted_at is null
       ), w as (
         select ?::timestamptz - make_interval(mins => o.buffer_before_minutes + o.buffer_after_minutes + o.duration_minutes) as f,
                ?::timestamptz + make_interval(mins => o.buffer_before_minutes + o.buffer_after_minutes + o.duration_minutes) as t
         from o
       ), r as (
         select r.id, r.capacity, r.hours from booking_resource r, o
         where r.id in (select jsonb_array_elements_text(o.resource_ids::jsonb)) and r.merchant_id = o.merchant_id
           and r.is_active and r.deleted_at is null
       )
       select (select row_to_json(o) from o) as offering,
              coalesce((select json_agg(r order by r.id) from r), '[]') as resources,
              coalesce((select json_agg(json_build_object('resource_id', c.resource_id, 'starts_at', c.starts_at, 'ends_at', c.ends_at))
                 from booking_closure c, w where c.merchant_id = ? and c.deleted_at is null and c.starts_at < w.t and c.ends_at > w.f), '[]') as closures,
              coalesce((select json_agg(json_build_object('resource_id', a.resource_id, 'occupied_from', a.occupied_from, 'occupied_to', a.occupied_to, 'seats', a.seats))
                 from booking_appointment a, w where a.resource_id in (select id from r) and a.deleted_at is null and ${LIVE}
                   and a.occupied_from < w.t and a.occupied_to > w.f), '[]') as usages`,
      [input.offering_id, input.merchant_id, input.from, input.to, input.merchant_id]
    )
    if (!row?.offering) return null
    return { offering: row.offering, resources: row.resources, closures: row.closures, usages: row.usages }
  }

  /** Live bookings on some resources overlapping a window, for availability. One indexed query. */
  @InjectManager()
  async liveUsage(resourceIds: string[], from: Date, to: Date, @MedusaContext() sharedContext: Context = {}) {
    if (!resourceIds.length) return []
    return sql(
      sharedContext.manager,
      `select resource_id, occupied_from, occupied_to, seats from booking_appointment
       where resource_id = any(?) and deleted_at is null and ${LIVE} and occupied_from < ? and occupied_to > ?`,
      [resourceIds, to, from]
    )
  }

  /**
   * Before payment: the cart's holds must still be live. Holds whose line item is gone are released,
   * every booked line item must have a live hold, and the live ones are extended by `grace_minutes` so
   * that they cannot run out while the payment is authorised. Confirmed holds of the same cart pass,
   * so completing an already completed cart stays idempotent.
   */
  @InjectTransactionManager()
  async prepareCartHolds(
    input: { cart_id: string; items: Array<{ id: string; variant_id: string | null; title?: string | null }>; booked_variant_ids: string[]; grace_minutes: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const rows = await sql(
      manager,
      `select * from booking_appointment where cart_id = ? and deleted_at is null
         and status in ('held', 'confirmed', 'expired') for update`,
      [input.cart_id]
    )
    const itemIds = new Set(input.items.map((i) => i.id))
    const orphaned = rows.filter((r) => r.status === "held" && r.line_item_id && !itemIds.has(r.line_item_id))
    if (orphaned.length) {
      await sql(
        manager,
        `update booking_appointment set status = 'cancelled', cancelled_at = now(), updated_at = now(),
           cancellation = '{"reason":"line_item_removed"}'::jsonb where id = any(?)`,
        [orphaned.map((r) => r.id)]
      )
    }
    const booked = new Set(input.booked_variant_ids)
    const previous: Array<{ id: string; expires_at: Date }> = []
    for (const item of input.items) {
      if (!item.variant_id || !booked.has(item.variant_id)) continue
      const mine = rows.filter((r) => r.line_item_id === item.id)
      if (mine.some((r) => r.status === "confirmed")) continue
      const live = mine.find((r) => r.status === "held" && new Date(r.expires_at).getTime() > Date.now())
      if (!live) {
        conflict(
          `「${item.title ?? item.id}」的预约保留已过期或已失效，请重新选择时间；本次未扣款 ` +
            `(the hold for "${item.title ?? item.id}" has expired or was lost; pick a slot again — nothing was charged)`
        )
      }
      previous.push({ id: live.id, expires_at: live.expires_at })
    }
    if (previous.length) {
      await sql(
        manager,
        `update booking_appointment set expires_at = greatest(expires_at, now() + make_interval(mins => ?)),
           updated_at = now() where id = any(?)`,
        [input.grace_minutes, previous.map((p) => p.id)]
      )
    }
    return previous
  }

  /** Restores expiry times changed by prepareCartHolds (compensation). */
  @InjectTransactionManager()
  async restoreHoldExpiry(previous: Array<{ id: string; expires_at: Date }>, @MedusaContext() sharedContext: Context = {}) {
    for (const p of previous) {
      await sql(
        sharedContext.transactionManager,
        `update booking_appointment set expires_at = ?, updated_at = now() where id = ? and status = 'held'`,
        [p.expires_at, p.id]
      )
    }
  }

  /** After the order exists: the cart's live holds become confirmed appointments with a redemption code. */
  @InjectTransactionManager()
  async confirmCartHolds(
    input: { cart_id: string; order_id: string; customer_id: string | null; line_item_ids: string[] },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    if (!input.line_item_ids.length) return []
    const rows = await sql(
      manager,
      `select * from booking_appointment where cart_id = ? and line_item_id = any(?) and deleted_at is null
         and status in ('held', 'confirmed', 'expired') for update`,
      [input.cart_id, input.line_item_ids]
    )
    const confirmed: string[] = []
    for (const r of rows) {
      if (r.status === "confirmed") continue
      if (r.status !== "held" || new Date(r.expires_at).getTime() <= Date.now()) {
        conflict(
          "预约保留在下单过程中已过期，订单未完成，本次未扣款；请重新选择时间 " +
            "(a booking hold expired while the order was being placed: no order was made and nothing was charged; pick a slot again)"
        )
      }
      for (let attempt = 0; ; attempt++) {
        const code = newRedemptionCode()
        const [clash] = await sql(manager, `select 1 from booking_appointment where merchant_id = ? and code = ?`, [
          r.merchant_id,
          code,
        ])
        if (clash && attempt < 20) continue
        await sql(
          manager,
          `update booking_appointment set status = 'confirmed', order_id = ?, customer_id = coalesce(?, customer_id),
             code = ?, confirmed_at = now(), expires_at = null, updated_at = now() where id = ?`,
          [input.order_id, input.customer_id, code, r.id]
        )
        break
      }
      confirmed.push(r.id)
    }
    return confirmed
  }

  /** Compensation of confirmCartHolds: back to short-lived holds, codes withdrawn. */
  @InjectTransactionManager()
  async unconfirmHolds(ids: string[], @MedusaContext() sharedContext: Context = {}) {
    if (!ids.length) return
    await sql(
      sharedContext.transactionManager,
      `update booking_appointment set status = 'held', order_id = null, code = null, confirmed_at = null,
         expires_at = now() + interval '5 minutes', updated_at = now() where id = any(?) and status = 'confirmed'`,
      [ids]
    )
  }

  /** Releases holds of a cart whose line items are no longer in it (the customer removed them). */
  @InjectManager()
  async releaseRemovedHolds(cartId: string, presentLineItemIds: string[], @MedusaContext() sharedContext: Context = {}) {
    const rows = await sql(
      sharedContext.manager,
      `update booking_appointment set status = 'cancelled', cancelled_at = now(), updated_at = now(),
         cancellation = '{"reason":"line_item_removed"}'::jsonb
       where cart_id = ? and status = 'held' and line_item_id is not null and deleted_at is null
         ${presentLineItemIds.length ? "and line_item_id <> all(?)" : ""}
       returning id`,
      presentLineItemIds.length ? [cartId, presentLineItemIds] : [cartId]
    )
    return rows.map((r) => r.id as string)
  }

  /** Extends the cart's live holds while the customer pays; returns the ones already lost. */
  @InjectManager()
  async extendCartHolds(cartId: string, minutes: number, @MedusaContext() sharedContext: Context = {}) {
    await sql(
      sharedContext.manager,
      `update booking_appointment set expires_at = greatest(expires_at, now() + make_interval(mins => ?)), updated_at = now()
       where cart_id = ? and status = 'held' and expires_at > now() and deleted_at is null`,
      [minutes, cartId]
    )
    return sql(
      sharedContext.manager,
      `select id, line_item_id from booking_appointment a where cart_id = ? and deleted_at is null and line_item_id is not null
         and (status = 'expired' or (status = 'held' and expires_at <= now()))
         and not exists (select 1 from booking_appointment b where b.cart_id = a.cart_id and b.line_item_id = a.line_item_id
                         and b.id <> a.id and b.status in ('held', 'confirmed') and (b.status = 'confirmed' or b.expires_at > now()))`,
      [cartId]
    )
  }

  /** The scheduled job: holds past expiry become `expired`. Availability already ignores them. */
  @InjectManager()
  async expireHolds(@MedusaContext() sharedContext: Context = {}) {
    const rows = await sql(
      sharedContext.manager,
      `update booking_appointment set status = 'expired', updated_at = now()
       where status = 'held' and expires_at <= now() and deleted_at is null returning id`
    )
    return rows.length
  }

  /** Attaches the cart line item a hold was added as. */
  @InjectManager()
  async attachLineItem(appointmentId: string, lineItemId: string, @MedusaContext() sharedContext: Context = {}) {
    await sql(sharedContext.manager, `update booking_appointment set line_item_id = ?, updated_at = now() where id = ?`, [
      lineItemId,
      appointmentId,
    ])
  }

  /**
   * A status change that only happens if the row is still in one of `from`: the check and the write
   * are one statement, so two clerks redeeming the same code cannot both succeed.
   */
  @InjectManager()
  async transition(
    input: { id: string; merchant_id?: string; from: AppointmentStatus[]; to: AppointmentStatus; set?: Record<string, unknown> },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const stamp: Partial<Record<AppointmentStatus, string>> = {
      checked_in: "checked_in_at",
      completed: "completed_at",
      cancelled: "cancelled_at",
      no_show: "no_show_at",
    }
    const { sets, values } = statusSets(input.to, stamp[input.to], input.set)
    const rows = await sql(
      sharedContext.manager,
      `update booking_appointment set ${sets.join(", ")}
       where id = ? and status = any(?) and deleted_at is null ${input.merchant_id ? "and merchant_id = ?" : ""}
       returning *`,
      [...values, input.id, input.from, ...(input.merchant_id ? [input.merchant_id] : [])]
    )
    return rows[0] ?? null
  }

  // ---- 团购券 vouchers ------------------------------------------------------------------------

  /**
   * Issues an order's vouchers, once: a run that finds vouchers for the order already (a retried
   * checkout step) returns those and makes none. Codes are drawn until the (merchant, code) unique
   * index accepts one, so two checkouts of the same shop can never end up with the same code.
   */
  @InjectTransactionManager()
  async issueVouchers(
    input: { order_id: string; customer_id: string | null; units: VoucherUnit[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ vouchers: Row[]; created: string[] }> {
    const manager = sharedContext.transactionManager
    // Two runs for one order (a retry racing the original) take turns here instead of both issuing.
    await sql(manager, `select pg_advisory_xact_lock(hashtext(?))`, [`booking_voucher:${input.order_id}`])
    const existing = await sql(
      manager,
      `select * from booking_voucher where order_id = ? and deleted_at is null order by created_at, id`,
      [input.order_id]
    )
    if (existing.length) return { vouchers: existing, created: [] }
    const made: Row[] = []
    for (const u of input.units) {
      for (let attempt = 0; ; attempt++) {
        const [row] = await sql(
          manager,
          `insert into booking_voucher
             (id, merchant_id, order_id, line_item_id, customer_id, product_id, variant_id, title, unit_price,
              paid_amount, code, status, refundable, refund_on_expiry, expires_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'unused', ?, ?, ?)
           on conflict (merchant_id, code) where deleted_at is null do nothing
           returning *`,
          [
            generateEntityId(undefined, "vch"),
            u.merchant_id,
            input.order_id,
            u.line_item_id,
            input.customer_id,
            u.product_id,
            u.variant_id,
            u.title,
            u.unit_price,
            u.paid_amount,
            newVoucherCode(),
            u.refundable,
            u.refund_on_expiry,
            u.expires_at,
          ]
        )
        if (row) {
          made.push(row)
          break
        }
        if (attempt >= 20) {
          throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "无法生成团购券码，请重试 (could not draw a free voucher code; retry)")
        }
      }
    }
    return { vouchers: made, created: made.map((r) => r.id as string) }
  }

  /** Compensation of issueVouchers: the vouchers it made are withdrawn while nobody has used them. */
  @InjectManager()
  async voidVouchers(ids: string[], @MedusaContext() sharedContext: Context = {}) {
    if (!ids.length) return
    await sql(
      sharedContext.manager,
      `update booking_voucher set deleted_at = now(), updated_at = now() where id = any(?) and status = 'unused'`,
      [ids]
    )
  }

  /**
   * A voucher status change that only happens if the row is still in one of `from` (and, with
   * `unexpired`/`due`, still before/after its expiry): check and write are one statement, so two clerks
   * redeeming the same code, or a refund racing a redemption, cannot both succeed.
   */
  @InjectManager()
  async voucherTransition(
    input: {
      id: string
      merchant_id?: string
      customer_id?: string
      from: VoucherStatus[]
      to: VoucherStatus
      unexpired?: boolean
      due?: boolean
      set?: Record<string, unknown>
    },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const stamp: Partial<Record<VoucherStatus, string>> = { redeemed: "redeemed_at", refunded: "refunded_at" }
    const { sets, values } = statusSets(input.to, stamp[input.to], input.set)
    const where = ["id = ?", "status = any(?)", "deleted_at is null"]
    values.push(input.id, input.from)
    if (input.merchant_id) {
      where.push("merchant_id = ?")
      values.push(input.merchant_id)
    }
    if (input.customer_id) {
      where.push("customer_id = ?")
      values.push(input.customer_id)
    }
    if (input.unexpired) where.push("expires_at > now()")
    if (input.due) where.push("expires_at <= now()")
    const rows = await sql(
      sharedContext.manager,
      `update booking_voucher set ${sets.join(", ")} where ${where.join(" and ")} returning *`,
      values
    )
    return rows[0] ?? null
  }

  /**
   * A rejected or cancelled order takes its unused vouchers with it: they become refunded, the money
   * going back with the order's own refund (`refund_status: with_order`). Returns the ids changed, for
   * restoreOrderVouchers as compensation.
   */
  @InjectManager()
  async voidOrderVouchers(input: { order_id: string; reason?: string | null }, @MedusaContext() sharedContext: Context = {}) {
    const rows = await sql(
      sharedContext.manager,
      `update booking_voucher set status = 'refunded', refunded_at = now(), updated_at = now(),
         refund = jsonb_build_object('by', 'order', 'reason', ?::text, 'amount', round(paid_amount / 100.0, 2), 'refund_status', 'with_order')
       where order_id = ? and status = 'unused' and deleted_at is null returning id`,
      [input.reason ?? null, input.order_id]
    )
    return rows.map((r) => r.id as string)
  }

  /** Compensation of voidOrderVouchers. */
  @InjectManager()
  async restoreOrderVouchers(ids: string[], @MedusaContext() sharedContext: Context = {}) {
    if (!ids.length) return
    await sql(
      sharedContext.manager,
      `update booking_voucher set status = 'unused', refunded_at = null, refund = null, updated_at = now()
       where id = any(?) and status = 'refunded' and refund->>'by' = 'order'`,
      [ids]
    )
  }

  /** Unused vouchers past their expiry, oldest first, for the expiry job. */
  @InjectManager()
  async dueVoucherIds(limit = 500, @MedusaContext() sharedContext: Context = {}) {
    const rows = await sql(
      sharedContext.manager,
      `select id from booking_voucher where status = 'unused' and expires_at <= now() and deleted_at is null
       order by expires_at, id limit ?`,
      [limit]
    )
    return rows.map((r) => r.id as string)
  }

  /**
   * 核销 of a voucher by its 12-digit code or signed QR payload, scoped to the clerk's shop (another
   * shop's voucher reads as a wrong code). Single use; every refusal is logged with who tried and thrown
   * after the log is written.
   */
  async redeemVoucher(input: { merchant_id: string; member_id?: string | null; code?: string; qr?: string; time_zone?: string | null }) {
    const method = input.qr ? "qr" : "code"
    const log = async (result: "ok" | "wrong" | "reused" | "not_allowed", message: string, voucherId?: string | null, hint?: string | null) => {
      await this.createBookingRedemptionAttempts({
        merchant_id: input.merchant_id,
        member_id: input.member_id ?? null,
        voucher_id: voucherId ?? null,
        method,
        input_hint: hint ?? null,
        result,
        message,
      } as any)
    }
    const when = (d: Date | string) => localTime(d, input.time_zone || "Asia/Shanghai")
    let v: any = null
    let hint: string | null = null
    if (input.qr) {
      const parsed = parseVoucherQr(input.qr)
      if (parsed) {
        const [found] = await this.listBookingVouchers({ id: parsed.voucher_id, merchant_id: input.merchant_id })
        if (found && verifyVoucherQr(found as any, parsed.signature)) v = found
      }
      hint = input.qr.slice(0, 12)
    } else {
      const code = String(input.code ?? "").replace(/\s+/g, "")
      hint = codeHint(code)
      if (isVoucherCode(code)) [v] = await this.listBookingVouchers({ merchant_id: input.merchant_id, code })
    }
    if (!v) {
      await log("wrong", "wrong voucher code", null, hint)
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${method}: 团购券码无效 (the voucher ${method} is not valid)`)
    }
    if (v.status === "redeemed") {
      await log("reused", "already redeemed", v.id, hint)
      conflict(`团购券已于 ${when(v.redeemed_at)} 核销过 (the voucher was already redeemed)`)
    }
    if (v.status === "refunded") {
      await log("not_allowed", "refunded", v.id, hint)
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "团购券已退款，不能核销 (the voucher was refunded and cannot be redeemed)")
    }
    if (v.status === "expired" || new Date(v.expires_at).getTime() <= Date.now()) {
      await log("not_allowed", "expired", v.id, hint)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `团购券已过期（有效期至 ${when(v.expires_at)}），不能核销 (the voucher expired and cannot be redeemed)`
      )
    }
    const updated = await this.voucherTransition({
      id: v.id,
      merchant_id: input.merchant_id,
      from: ["unused"],
      to: "redeemed",
      unexpired: true,
      set: { redeemed_by: input.member_id ?? null },
    })
    if (!updated) {
      // Another clerk (or a refund, or the expiry) got there between the read and the write.
      const [now] = await this.listBookingVouchers({ id: v.id })
      await log("reused", `changed concurrently to ${now?.status}`, v.id, hint)
      conflict(
        now?.status === "redeemed"
          ? "团购券已核销过 (the voucher was already redeemed)"
          : "团购券状态已变化，请刷新后重试 (the voucher changed meanwhile; refresh and retry)"
      )
    }
    await log("ok", "voucher redeemed", v.id, hint)
    return updated
  }

  qrPayload(appt: { id: string; merchant_id: string; code: string | null }) {
    return appt.code ? qrPayload(appt as { id: string; merchant_id: string; code: string }) : null
  }

  /**
   * 核销: by the 8-digit code or the signed QR payload. Single use, and only inside the offering's
   * window (from `redeem_before_minutes` before the slot to `redeem_grace_minutes` after it), unless the
   * clerk forces it with a reason. Every refusal and every override is logged with who tried, and a
   * refusal is thrown after the log is written.
   */
  async redeem(input: RedeemInput) {
    const method = input.qr ? "qr" : "code"
    const reason = input.force ? String(input.reason ?? "").trim() : ""
    if (input.force && ([...reason].length < 2 || [...reason].length > 200)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "reason: 强制核销须填写原因（2–200 字） (reason: a forced redemption needs a reason of 2–200 characters)"
      )
    }
    const log = async (result: RedemptionResult, message: string, appointmentId?: string | null, hint?: string | null) => {
      await this.createBookingRedemptionAttempts({
        merchant_id: input.merchant_id,
        member_id: input.member_id ?? null,
        appointment_id: appointmentId ?? null,
        method,
        input_hint: hint ?? null,
        result,
        message,
        override_reason: result === "forced" ? reason : null,
      } as any)
    }
    let appt: any = null
    let hint: string | null = null
    if (input.qr) {
      const parsed = parseQrPayload(input.qr)
      if (parsed) {
        const [found] = await this.listBookingAppointments({ id: parsed.appointment_id, merchant_id: input.merchant_id })
        if (found?.code && verifyQrSignature(found as any, parsed.signature)) appt = found
      }
      hint = input.qr.slice(0, 12)
    } else {
      const code = String(input.code ?? "").replace(/\s+/g, "")
      hint = codeHint(code)
      if (/^\d{8}$/.test(code)) {
        ;[appt] = await this.listBookingAppointments({ merchant_id: input.merchant_id, code })
      }
    }
    if (!appt) {
      await log("wrong", "wrong code", null, hint)
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${method}: 核销码无效 (the redemption ${method} is not valid)`)
    }
    if (["checked_in", "completed"].includes(appt.status)) {
      await log("reused", "already redeemed", appt.id, hint)
      conflict(`核销码已于 ${new Date(appt.checked_in_at).toISOString()} 使用过 (the code was already redeemed)`)
    }
    if (appt.status !== "confirmed") {
      await log("not_allowed", `status ${appt.status}`, appt.id, hint)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `预约状态为 ${appt.status}，不能核销 (an appointment in status ${appt.status} cannot be redeemed)`
      )
    }
    // Deleted offerings still govern the bookings sold under them.
    const [offering] = await this.listBookingOfferings({ id: appt.offering_id }, { withDeleted: true } as any)
    const now = Date.now()
    const window = redeemWindow(appt, offering as any, now)
    const refusal = redeemWindowRefusal(appt, window, input.time_zone || "Asia/Shanghai", now)
    if (refusal && !input.force) {
      await log("outside_window", refusal, appt.id, hint)
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal)
    }
    const updated = await this.transition({ id: appt.id, merchant_id: input.merchant_id, from: ["confirmed"], to: "checked_in" })
    if (!updated) {
      await log("reused", "redeemed concurrently", appt.id, hint)
      conflict("核销码已使用过 (the code was already redeemed)")
    }
    if (refusal) await log("forced", `checked in outside the window: ${refusal}`, appt.id, hint)
    else await log("ok", "checked in", appt.id, hint)
    return updated
  }
}

export default BookingModuleService
