import { conflictError } from "../../modules/booking/utils/errors"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../modules/booking"
import type BookingModuleService from "../../modules/booking/service"
import { checkSlot, RULE_MESSAGES, type SlotContext } from "../../modules/booking/utils/slots"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type MerchantModuleService from "../../modules/merchant/service"
import { haversineMeters, toGCJ02 } from "../../modules/merchant/utils"

const MIN = 60_000

export type BookingAddress = {
  lat: number
  lng: number
  coord_system?: "gcj02" | "wgs84" | "bd09"
  address_1?: string
  city?: string
  contact_name?: string
  phone?: string
}

/** A 400 or 409 whose message starts with the field and the rule's code, in Chinese then English. */
export function ruleError(rule: keyof typeof RULE_MESSAGES, field: string, detail = ""): never {
  const [zh, en] = RULE_MESSAGES[rule]
  const message = `${field}: ${zh}${detail ? `（${detail}）` : ""} (${rule}: ${en})`
  if (rule === "full" || rule === "closed") throw conflictError(message)
  throw new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

export async function loadOffering(container: MedusaContainer, offeringId: string) {
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const [offering] = await booking.listBookingOfferings({ id: offeringId, is_active: true })
  if (!offering) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `服务项目 ${offeringId} 不存在或已下架 (offering not found)`)
  }
  return offering as any
}

export async function loadMerchant(container: MedusaContainer, merchantId: string) {
  const merchants: MerchantModuleService = container.resolve(MERCHANT_MODULE)
  const [merchant] = await merchants.listMerchants({ id: merchantId })
  if (!merchant) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${merchantId} 不存在 (merchant not found)`)
  return merchant as any
}

/** Everything the slot rules need for one offering over a window: hours, resources, closures, live bookings. */
export async function slotContext(
  container: MedusaContainer,
  merchant: any,
  offering: any,
  window: { from: number; to: number },
  now = Date.now()
): Promise<SlotContext> {
  const booking: BookingModuleService = container.resolve(BOOKING_MODULE)
  const ids = (offering.resource_ids ?? []) as string[]
  const resources = ids.length
    ? await booking.listBookingResources({ id: ids, merchant_id: merchant.id, is_active: true })
    : []
  const pad = (offering.buffer_before_minutes + offering.buffer_after_minutes + offering.duration_minutes) * MIN
  const from = new Date(window.from - pad)
  const to = new Date(window.to + pad)
  const [closures, usages] = await Promise.all([
    booking.listBookingClosures({ merchant_id: merchant.id, starts_at: { $lt: to }, ends_at: { $gt: from } } as any),
    booking.liveUsage(
      resources.map((r) => r.id),
      from,
      to
    ),
  ])
  return {
    timeZone: merchant.timezone ?? "Asia/Shanghai",
    merchantHours: merchant.business_hours,
    offering,
    resources: resources.map((r: any) => ({ id: r.id, capacity: r.capacity, hours: r.hours })),
    closures: closures as any,
    usages: usages as any,
    now,
  }
}

export type ValidatedSlot = {
  start_at: Date
  end_at: Date
  occupied_from: Date
  occupied_to: Date
  resource_ids: string[]
  party_size: number
  address: BookingAddress | null
}

/**
 * Every rule a booking request must pass before the locked capacity check: timing, hours, closures,
 * party size and the at-home radius. The message names the rule that failed.
 */
export async function validateSlotRequest(
  container: MedusaContainer,
  input: {
    merchant: any
    offering: any
    start_at: string | Date
    party_size?: number
    resource_id?: string | null
    address?: BookingAddress | null
  }
): Promise<ValidatedSlot> {
  const { merchant, offering } = input
  const start = new Date(input.start_at).getTime()
  if (!Number.isFinite(start)) ruleError("invalid_time", "start_at")
  const party = input.party_size ?? 1
  if (!Number.isInteger(party) || party < offering.min_party || party > offering.max_party) {
    ruleError("party_size", "party_size", `${offering.min_party}–${offering.max_party} 人`)
  }
  let address: BookingAddress | null = null
  if (offering.location === "at_home") {
    if (!input.address) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "address: 上门服务需要填写服务地址 (an at-home service needs an address)")
    }
    const point = toGCJ02(input.address as any, { lat: "address.lat", lng: "address.lng", coord_system: "address.coord_system" })
    if (!point.ok) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, point.errors.map((e) => `${e.field}: ${e.message} (${e.message_en})`).join("; "))
    }
    const km = haversineMeters({ lat: merchant.lat, lng: merchant.lng }, point) / 1000
    if (offering.service_radius_km != null && km > offering.service_radius_km) {
      ruleError("outside_radius", "address", `距门店 ${km.toFixed(1)} 公里，服务范围 ${offering.service_radius_km} 公里`)
    }
    address = { ...input.address, lat: point.lat, lng: point.lng, coord_system: "gcj02" }
  }
  const end = start + offering.duration_minutes * MIN
  const ctx = await slotContext(container, merchant, offering, { from: start, to: end })
  if (input.resource_id) {
    ctx.resources = ctx.resources.filter((r) => r.id === input.resource_id)
    if (!ctx.resources.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `resource_id: 该资源不能提供此服务 (resource ${input.resource_id} does not serve this offering)`
      )
    }
  }
  if (!ctx.resources.length) ruleError("closed", "offering_id", "没有可用的资源")
  const check = checkSlot(ctx, start)
  if (check.rule) ruleError(check.rule, "start_at")
  return {
    start_at: new Date(start),
    end_at: new Date(end),
    occupied_from: new Date(start - offering.buffer_before_minutes * MIN),
    occupied_to: new Date(end + offering.buffer_after_minutes * MIN),
    resource_ids: check.resources!,
    party_size: party,
    address,
  }
}

export function holdMinutes() {
  const n = Number(process.env.BOOKING_HOLD_MINUTES)
  return Number.isFinite(n) && n > 0 ? n : 10
}

export function paymentGraceMinutes() {
  const n = Number(process.env.BOOKING_PAYMENT_GRACE_MINUTES)
  return Number.isFinite(n) && n > 0 ? n : 10
}
