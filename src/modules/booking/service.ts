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
  type AppointmentStatus,
} from "./models"
import { conflictError } from "./utils/errors"
import { codeHint, newRedemptionCode, parseQrPayload, qrPayload, verifyQrSignature } from "./utils/redemption"

/** Bookings that take capacity: confirmed ones and holds that have not run out. */
const LIVE = `(status in ('confirmed', 'checked_in') or (status = 'held' and expires_at > now()))`

type Row = Record<string, any>

async function sql(manager: any, text: string, bindings: unknown[] = []): Promise<Row[]> {
  const knex = manager.getTransactionContext?.() ?? manager.getKnex()
  const res = await knex.raw(text, bindings)
  return res.rows ?? []
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
      return row
    }
    conflict("该时段已约满，请选择其他时间 (the slot is fully booked; pick another time)")
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
    const sets = ["status = ?", "updated_at = now()"]
    const values: unknown[] = [input.to]
    if (stamp[input.to]) sets.push(`${stamp[input.to]} = now()`)
    for (const [k, v] of Object.entries(input.set ?? {})) {
      if (!/^[a-z_]+$/.test(k)) continue
      sets.push(`${k} = ?`)
      values.push(v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v)
    }
    const rows = await sql(
      sharedContext.manager,
      `update booking_appointment set ${sets.join(", ")}
       where id = ? and status = any(?) and deleted_at is null ${input.merchant_id ? "and merchant_id = ?" : ""}
       returning *`,
      [...values, input.id, input.from, ...(input.merchant_id ? [input.merchant_id] : [])]
    )
    return rows[0] ?? null
  }

  qrPayload(appt: { id: string; merchant_id: string; code: string | null }) {
    return appt.code ? qrPayload(appt as { id: string; merchant_id: string; code: string }) : null
  }

  /**
   * 核销: by the 8-digit code or the signed QR payload. Single use; every refusal is logged with who
   * tried, and thrown after the log is written.
   */
  async redeem(input: { merchant_id: string; member_id?: string | null; code?: string; qr?: string }) {
    const method = input.qr ? "qr" : "code"
    const log = async (result: "ok" | "wrong" | "reused" | "not_allowed", message: string, appointmentId?: string | null, hint?: string | null) => {
      await this.createBookingRedemptionAttempts({
        merchant_id: input.merchant_id,
        member_id: input.member_id ?? null,
        appointment_id: appointmentId ?? null,
        method,
        input_hint: hint ?? null,
        result,
        message,
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
    const updated = await this.transition({ id: appt.id, merchant_id: input.merchant_id, from: ["confirmed"], to: "checked_in" })
    if (!updated) {
      await log("reused", "redeemed concurrently", appt.id, hint)
      conflict("核销码已使用过 (the code was already redeemed)")
    }
    await log("ok", "checked in", appt.id, hint)
    return updated
  }
}

export default BookingModuleService
