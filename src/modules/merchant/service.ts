import crypto from "node:crypto"
import type { Context } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import { conflictError } from "../booking/utils/errors"
import {
  Merchant,
  MerchantCategory,
  MerchantMember,
  MerchantOrderState,
  MerchantStatusEvent,
  type MerchantOrderStatus,
  type MerchantStatus,
} from "./models"
import {
  isPrivateFileRef,
  licenceFilePrefix,
  isOpenAt,
  nextOpening,
  normalizePhone,
  toGCJ02,
  validateBusinessHours,
  validateUSCC,
  type ValidationError,
} from "./utils"

export type CoordSystem = "gcj02" | "wgs84" | "bd09"

export type MerchantInput = {
  name?: string
  category?: string
  description?: string | null
  logo?: string | null
  photos?: string[] | null
  phone?: string
  province?: string
  city?: string
  district?: string | null
  street?: string
  lat?: number
  lng?: number
  coord_system?: CoordSystem
  timezone?: string
  business_hours?: unknown
  licence_code?: string
  licence_image?: string | null
  legal_name?: string
}

async function sql(manager: any, text: string, bindings: unknown[] = []): Promise<Record<string, any>[]> {
  const knex = manager.getTransactionContext?.() ?? manager.getKnex()
  const res = await knex.raw(text, bindings)
  return res.rows ?? []
}

/**
 * The operator's buttons. Approve and reinstate both end in `approved`; the names say what the
 * operator meant, so each is only taken from the statuses it names.
 */
export const MERCHANT_STATUS_ACTIONS: Record<string, { to: MerchantStatus; from?: MerchantStatus[] }> = {
  approve: { to: "approved", from: ["pending", "rejected"] },
  reject: { to: "rejected" },
  suspend: { to: "suspended" },
  reinstate: { to: "approved", from: ["suspended"] },
}

export type MerchantStatusChange = {
  id: string
  to: MerchantStatus
  before: { status: MerchantStatus; status_reason: string | null; status_changed_at: Date | null; approved_at: Date | null }
  event_id: string
}

export type OrderStateChange = { id: string; to: MerchantOrderStatus; before: Record<string, unknown> }

/** Which review decisions an operator may take from each status. */
const STATUS_TRANSITIONS: Record<MerchantStatus, MerchantStatus[]> = {
  pending: ["approved", "rejected"],
  rejected: ["approved", "pending"],
  approved: ["suspended"],
  suspended: ["approved"],
}
const REASON_REQUIRED: MerchantStatus[] = ["rejected", "suspended"]

/**
 * Every move the shop-side record can make at all, by anyone (clerk, system sync, operator): the write
 * guard. Who may take which move when is the order lifecycle's table (src/workflows/order/lifecycle.ts).
 * `rejected`, `cancelled` and `completed` are final.
 */
const ORDER_TRANSITIONS: Record<MerchantOrderStatus, MerchantOrderStatus[]> = {
  new: ["accepted", "rejected", "completed", "cancelled"],
  accepted: ["ready", "completed", "rejected", "cancelled"],
  ready: ["completed", "rejected", "cancelled"],
  rejected: [],
  completed: [],
  cancelled: [],
}
const ORDER_TIMESTAMP: Partial<Record<MerchantOrderStatus, string>> = {
  accepted: "accepted_at",
  rejected: "rejected_at",
  ready: "ready_at",
  completed: "completed_at",
  cancelled: "rejected_at",
}

export const STATUS_LABELS: Record<string, string> = {
  pending: "待审核",
  approved: "已通过",
  rejected: "已驳回",
  suspended: "已暂停",
  new: "待接单",
  accepted: "已接单",
  ready: "已备好",
  completed: "已完成",
  cancelled: "已取消",
}

/** One 400 that names every offending field, in Chinese first and English second. */
export function invalid(errors: ValidationError[]): never {
  const text = errors.map((e) => `${e.field}: ${e.message} (${e.message_en})`).join("; ")
  throw new MedusaError(MedusaError.Types.INVALID_DATA, text)
}

function requiredText(
  errors: ValidationError[],
  field: string,
  value: unknown,
  max: number,
  zh: string
): string | undefined {
  if (typeof value !== "string" || !value.trim()) {
    errors.push({ field, code: "required", message: `${zh}不能为空`, message_en: `${field} is required` })
    return undefined
  }
  const v = value.trim()
  if ([...v].length > max) {
    errors.push({
      field,
      code: "too_long",
      message: `${zh}最多 ${max} 个字`,
      message_en: `${field} must be at most ${max} characters`,
    })
  }
  return v
}

class MerchantModuleService extends MedusaService({
  Merchant,
  MerchantMember,
  MerchantOrderState,
  MerchantStatusEvent,
  MerchantCategory,
}) {
  /**
   * Checks and normalises merchant data from any caller (vendor API, seed, admin).
   * With `partial`, only the fields present are checked, for updates.
   */
  async normalizeMerchantInput(
    input: MerchantInput,
    {
      partial = false,
      current,
    }: { partial?: boolean; current?: { business_hours?: unknown; timezone?: string | null } | null } = {}
  ) {
    const errors: ValidationError[] = []
    const out: Record<string, unknown> = {}
    const has = (k: keyof MerchantInput) => !partial || input[k] !== undefined

    if (has("name")) out.name = requiredText(errors, "name", input.name, 60, "商家名称")
    if (has("legal_name")) out.legal_name = requiredText(errors, "legal_name", input.legal_name, 100, "营业执照名称")
    if (has("province")) out.province = requiredText(errors, "province", input.province, 20, "省份")
    if (has("city")) out.city = requiredText(errors, "city", input.city, 30, "城市")
    if (has("street")) out.street = requiredText(errors, "street", input.street, 120, "详细地址")
    if (input.district !== undefined) out.district = input.district?.trim() || null
    if (input.description !== undefined) {
      if (input.description && [...input.description].length > 2000) {
        errors.push({
          field: "description",
          code: "too_long",
          message: "商家介绍最多 2000 个字",
          message_en: "description must be at most 2000 characters",
        })
      }
      out.description = input.description
    }
    for (const k of ["logo", "licence_image"] as const) {
      if (input[k] !== undefined) out[k] = input[k]
    }
    if (input.photos !== undefined) {
      if (input.photos && (!Array.isArray(input.photos) || input.photos.length > 20)) {
        errors.push({
          field: "photos",
          code: "invalid",
          message: "照片最多 20 张",
          message_en: "photos must be a list of at most 20 URLs",
        })
      }
      out.photos = input.photos
    }

    if (has("category")) {
      const slug = typeof input.category === "string" ? input.category.trim() : ""
      const [cat] = slug ? await this.listMerchantCategories({ slug, is_active: true }) : []
      if (!cat) {
        const known = (await this.listMerchantCategories({ is_active: true })).map((c) => c.slug)
        errors.push({
          field: "category",
          code: "unknown_category",
          message: `未知的商家类目 "${slug}"，可选：${known.join(", ")}`,
          message_en: `unknown category "${slug}"; known: ${known.join(", ")}`,
        })
      }
      out.category = slug
    }

    if (has("phone")) {
      const r = normalizePhone(String(input.phone ?? ""))
      if (r.ok) out.phone = r.e164 ?? r.display
      else errors.push({ ...r.error, field: "phone" })
    }

    if (has("lat") || has("lng") || input.coord_system !== undefined) {
      if (input.lat === undefined || input.lng === undefined) {
        errors.push({
          field: input.lat === undefined ? "lat" : "lng",
          code: "required",
          message: "经纬度需同时提供",
          message_en: "lat and lng must be given together",
        })
      } else {
        const r = toGCJ02({ lat: input.lat, lng: input.lng, coord_system: input.coord_system ?? "gcj02" })
        if (r.ok) {
          out.lat = r.lat
          out.lng = r.lng
        } else errors.push(...r.errors)
      }
    }

    if (has("business_hours") || input.timezone !== undefined) {
      // An update may change the hours, the zone or both: what is not given is kept from the shop, so
      // new hours do not reset the zone and a new zone is checked against the hours already saved.
      const hours = input.business_hours !== undefined ? input.business_hours : current?.business_hours
      const hoursObject = hours && typeof hours === "object" && !Array.isArray(hours) ? (hours as Record<string, unknown>) : null
      const timezone = input.timezone ?? hoursObject?.timezone ?? current?.timezone ?? undefined
      const r = validateBusinessHours(hoursObject ? { ...hoursObject, ...(timezone ? { timezone } : {}) } : hours)
      if (r.ok) {
        out.business_hours = r.value
        out.timezone = r.value.timezone ?? "Asia/Shanghai"
      } else {
        errors.push(
          ...r.errors.map((e) =>
            input.timezone !== undefined && e.field === "business_hours.timezone" ? { ...e, field: "timezone" } : e
          )
        )
      }
    }

    if (has("licence_code")) {
      const r = validateUSCC(String(input.licence_code ?? ""))
      if (r.ok) out.licence_code = r.normalized
      else errors.push({ ...r.error, field: "licence_code" })
    }

    if (errors.length) invalid(errors)
    return out
  }

  /**
   * A profile update in which JSON values replace the saved ones. Medusa's update merges a JSON object
   * into the stored one key by key, so new business hours without, say, Friday would keep the old
   * Friday; those columns are written as given, in the same transaction as the rest.
   */
  @InjectTransactionManager()
  async updateMerchantProfile(id: string, data: Record<string, unknown>, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const json: string[] = Object.keys(data).filter((k) => k === "business_hours" || k === "photos")
    const rest = Object.fromEntries(Object.entries(data).filter(([k]) => !json.includes(k)))
    // The JSON first, before the ORM loads the row; the ORM's own changes are flushed when the
    // transaction ends, and it writes only the fields it changed.
    if (json.length) {
      await sql(
        manager,
        `update merchant set ${json.map((k) => `${k} = ?::jsonb`).join(", ")}, updated_at = now() where id = ? and deleted_at is null`,
        [...json.map((k) => (data[k] == null ? null : JSON.stringify(data[k]))), id]
      )
    }
    if (Object.keys(rest).length) await this.updateMerchants({ id, ...rest } as any, sharedContext)
    const [merchant] = await this.listMerchants({ id }, {}, sharedContext)
    if (!merchant) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${id} 不存在 (merchant not found)`)
    return merchant
  }

  /**
   * Operators extend the category list. A slug is taken once, whether the category is active or not;
   * the unique index decides between two operators adding the same one at once.
   */
  async addCategory(input: { slug: string; name_zh: string; name_en: string; rank?: number }) {
    const taken = () =>
      new MedusaError(MedusaError.Types.INVALID_DATA, `slug: 类目 ${input.slug} 已存在 (category "${input.slug}" already exists)`)
    const [exists] = await this.listMerchantCategories({ slug: input.slug })
    if (exists) throw taken()
    try {
      return await this.createMerchantCategories(input as any)
    } catch (e: any) {
      if (e?.type === MedusaError.Types.DUPLICATE_ERROR || e?.code === "23505") throw taken()
      throw e
    }
  }

  /**
   * A private licence file may only be named by the login that uploaded it: uploads are named
   * `licence--applicant-<auth identity>--…` (before the shop exists) or `licence--<merchant id>--…`, and
   * file providers keep the name in the key (after their own prefix), so another applicant's scan cannot
   * be passed off as one's own.
   */
  assertOwnLicenceFile(ref: string | null | undefined, owners: string[]) {
    if (!isPrivateFileRef(ref)) return
    const name = ref.split("/").pop() ?? ""
    if (!owners.some((o) => name.includes(licenceFilePrefix(o)))) {
      invalid([
        {
          field: "licence_image",
          code: "not_own_upload",
          message: "营业执照图片需由本账号通过 /vendor/uploads（purpose: licence）上传",
          message_en: "licence_image must be a licence uploaded by this login through /vendor/uploads (purpose: licence)",
        },
      ])
    }
  }

  /** A URL-safe, unique slug; names without Latin letters get a random suffix instead of a transliteration. */
  async uniqueSlug(name: string) {
    const ascii = name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
    for (let i = 0; i < 20; i++) {
      const slug = ascii && i === 0 ? ascii : `${ascii || "shop"}-${crypto.randomBytes(3).toString("hex")}`
      const [clash] = await this.listMerchants({ slug }, { withDeleted: true })
      if (!clash) return slug
    }
    throw new MedusaError(MedusaError.Types.CONFLICT, "无法生成唯一的商家标识 (could not make a unique slug)")
  }

  assertStatusTransition(from: MerchantStatus, to: MerchantStatus, reason?: string | null) {
    if (!STATUS_TRANSITIONS[from]?.includes(to)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `商家当前状态为「${STATUS_LABELS[from]}」，不能改为「${STATUS_LABELS[to]}」 (cannot change a ${from} merchant to ${to})`
      )
    }
    if (REASON_REQUIRED.includes(to) && !reason?.trim()) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `reason: ${to === "rejected" ? "驳回" : "暂停"}必须填写原因 (a reason is required to ${to === "rejected" ? "reject" : "suspend"})`
      )
    }
  }

  assertOrderTransition(from: MerchantOrderStatus, to: MerchantOrderStatus, reason?: string | null) {
    if (!ORDER_TRANSITIONS[from]?.includes(to)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `订单当前为「${STATUS_LABELS[from]}」，不能改为「${STATUS_LABELS[to]}」 (cannot move an order from ${from} to ${to})`
      )
    }
    if (to === "rejected" && !reason?.trim()) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "reason: 拒单必须填写原因 (a reason is required to reject)")
    }
  }

  orderTimestampField(to: MerchantOrderStatus) {
    return ORDER_TIMESTAMP[to]
  }

  /**
   * A review decision as one conditional write: the status changes only if it is still the one the
   * decision was judged against, so two operators racing on one shop (approve and reject, suspend and
   * reinstate) cannot both win — the later one gets a 409. The history entry is written in the same
   * transaction.
   */
  @InjectTransactionManager()
  async transitionMerchantStatus(
    input: {
      id: string
      to: MerchantStatus
      /** Only from these statuses (reinstate: suspended only; approve: never a suspended shop). */
      from?: MerchantStatus[]
      reason?: string | null
      actor_type?: string | null
      actor_id?: string | null
    },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const [current] = await this.listMerchants(
      { id: input.id },
      { select: ["id", "status", "status_reason", "status_changed_at", "approved_at"] },
      sharedContext
    )
    if (!current) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${input.id} 不存在 (merchant not found)`)
    const from = current.status as MerchantStatus
    if (input.from && !input.from.includes(from)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        input.from.includes("suspended")
          ? "只有已暂停的商家可以恢复 (only a suspended merchant can be reinstated)"
          : from === "suspended"
            ? "已暂停的商家请使用「恢复」 (use reinstate for a suspended merchant)"
            : `商家当前状态为「${STATUS_LABELS[from]}」，不能改为「${STATUS_LABELS[input.to]}」 (cannot change a ${from} merchant to ${input.to})`
      )
    }
    this.assertStatusTransition(from, input.to, input.reason)
    const reason = input.reason?.trim() || null
    const [row] = await sql(
      manager,
      `update merchant set status = ?, status_reason = ?, status_changed_at = now(), updated_at = now(),
         approved_at = case when ? = 'approved' then coalesce(approved_at, now()) else approved_at end
       where id = ? and status = ? and deleted_at is null
       returning *`,
      [input.to, reason, input.to, input.id, from]
    )
    if (!row) {
      throw conflictError("商家状态已被其他操作修改，请刷新后重试 (the merchant's status changed meanwhile; reload and try again)")
    }
    const event = await this.createMerchantStatusEvents(
      {
        merchant_id: input.id,
        from_status: from,
        to_status: input.to,
        reason,
        actor_type: input.actor_type ?? null,
        actor_id: input.actor_id ?? null,
      } as any,
      sharedContext
    )
    const change: MerchantStatusChange = {
      id: input.id,
      to: input.to,
      before: {
        status: from,
        status_reason: current.status_reason,
        status_changed_at: current.status_changed_at,
        approved_at: current.approved_at,
      },
      event_id: (event as any).id,
    }
    return { merchant: row, change }
  }

  /** Compensation of transitionMerchantStatus; a no-op if the status has moved on since. */
  @InjectTransactionManager()
  async revertMerchantStatus(change: MerchantStatusChange, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager
    const b = change.before
    await sql(
      manager,
      `update merchant set status = ?, status_reason = ?, status_changed_at = ?, approved_at = ?, updated_at = now()
       where id = ? and status = ?`,
      [b.status, b.status_reason, b.status_changed_at, b.approved_at, change.id, change.to]
    )
    await sql(manager, `delete from merchant_status_event where id = ?`, [change.event_id])
  }

  /**
   * Whether an order's checkout is through on the shop's side. Medusa's order exists before the checkout's
   * last steps (slots confirmed, coupon marked, the shop's order record made last); until that record
   * exists a page opened on the order would show an appointment without its code, or an order a failing
   * step then rolls back.
   */
  async isOrderSettled(orderId: string): Promise<boolean> {
    const [state] = await this.listMerchantOrderStates({ order_id: orderId }, { select: ["id"] })
    return !!state
  }

  /**
   * The shop's order step (accept, reject, ready, complete) as one conditional write, like an
   * appointment's transition: of two clerks accepting and rejecting the same order, one wins and the
   * other gets a 409, before anything is done to Medusa's order.
   */
  @InjectTransactionManager()
  async transitionOrderState(
    input: { merchant_id: string; order_id: string; to: MerchantOrderStatus; reason?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager
    const [record] = (await this.listMerchantOrderStates(
      { order_id: input.order_id, merchant_id: input.merchant_id },
      {},
      sharedContext
    )) as any[]
    if (!record) throw new MedusaError(MedusaError.Types.NOT_FOUND, `订单 ${input.order_id} 不存在 (order not found)`)
    const from = record.status as MerchantOrderStatus
    this.assertOrderTransition(from, input.to, input.reason)
    const stamp = ORDER_TIMESTAMP[input.to]
    // A cancellation keeps its cause (operator refund, every appointment cancelled) in the same column.
    const rejected = input.to === "rejected" || (input.to === "cancelled" && !!input.reason?.trim())
    const [row] = await sql(
      manager,
      `update merchant_order_state set status = ?, updated_at = now()
         ${rejected ? ", reject_reason = ?" : ""}${stamp ? `, ${stamp} = now()` : ""}
       where id = ? and status = ? and deleted_at is null
       returning *`,
      [input.to, ...(rejected ? [input.reason!.trim()] : []), record.id, from]
    )
    if (!row) {
      throw conflictError("订单状态已被其他操作修改，请刷新后重试 (the order's status changed meanwhile; reload and try again)")
    }
    const before: Record<string, unknown> = { status: from, reject_reason: record.reject_reason }
    if (stamp) before[stamp] = record[stamp]
    const change: OrderStateChange = { id: record.id, to: input.to, before }
    return { record: row, change }
  }

  /** Compensation of transitionOrderState; a no-op if the order has moved on since. */
  @InjectTransactionManager()
  async revertOrderState(change: OrderStateChange, @MedusaContext() sharedContext: Context = {}) {
    const cols = Object.keys(change.before).filter((k) => /^[a-z_]+$/.test(k))
    await sql(
      sharedContext.transactionManager,
      `update merchant_order_state set ${cols.map((c) => `${c} = ?`).join(", ")}, updated_at = now()
       where id = ? and status = ?`,
      [...cols.map((c) => change.before[c] ?? null), change.id, change.to]
    )
  }


  /** open_now and the next opening, computed in the merchant's own time zone. */
  openingState(merchant: { business_hours?: unknown; timezone?: string | null }, at = new Date()) {
    const parsed = validateBusinessHours({
      ...((merchant.business_hours as object) ?? { weekly: {} }),
      timezone: merchant.timezone ?? "Asia/Shanghai",
    })
    if (!parsed.ok) return { open_now: false, next_opening: null, closes_at: null }
    const open = isOpenAt(parsed.value, at)
    const next = nextOpening(parsed.value, at)
    return {
      open_now: open,
      next_opening: next && !open ? next.opens_at.toISOString() : null,
      closes_at: next && open ? next.closes_at.toISOString() : null,
    }
  }

  hashInviteToken(token: string) {
    return crypto.createHash("sha256").update(token).digest("hex")
  }
}

export default MerchantModuleService
