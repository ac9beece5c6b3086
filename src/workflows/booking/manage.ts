import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { BOOKING_MODULE } from "../../modules/booking"
import type BookingModuleService from "../../modules/booking/service"
import { validateBusinessHours } from "../../modules/merchant/utils"
import { loadMerchant } from "./booking-context"

type Entity = "resource" | "offering" | "closure"
const NAMES: Record<Entity, [string, string]> = {
  resource: ["资源", "resource"],
  offering: ["服务项目", "offering"],
  closure: ["休息安排", "closure"],
}

function svc(container: MedusaContainer): BookingModuleService {
  return container.resolve(BOOKING_MODULE)
}

const ops = (s: BookingModuleService) => ({
  resource: {
    list: (f: any) => s.listBookingResources(f),
    create: (d: any) => s.createBookingResources(d),
    update: (d: any) => s.updateBookingResources(d),
    del: (id: string) => s.softDeleteBookingResources([id]),
    restore: (id: string) => s.restoreBookingResources([id]),
  },
  offering: {
    list: (f: any) => s.listBookingOfferings(f),
    create: (d: any) => s.createBookingOfferings(d),
    update: (d: any) => s.updateBookingOfferings(d),
    del: (id: string) => s.softDeleteBookingOfferings([id]),
    restore: (id: string) => s.restoreBookingOfferings([id]),
  },
  closure: {
    list: (f: any) => s.listBookingClosures(f),
    create: (d: any) => s.createBookingClosures(d),
    update: (d: any) => s.updateBookingClosures(d),
    del: (id: string) => s.softDeleteBookingClosures([id]),
    restore: (id: string) => s.restoreBookingClosures([id]),
  },
})

/** The merchant's own record, or 404 whether it is missing or another shop's. */
export async function ownRecord(container: MedusaContainer, entity: Entity, merchantId: string, id: string) {
  const [row] = await ops(svc(container))[entity].list({ id, merchant_id: merchantId })
  if (!row) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `${NAMES[entity][0]} ${id} 不存在 (${NAMES[entity][1]} not found)`)
  }
  return row as any
}

function bad(field: string, zh: string, en: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `${field}: ${zh} (${en})`)
}

/** Domain checks that need the database: ownership of variants and resources, hours in the shop's zone. */
async function normalize(container: MedusaContainer, entity: Entity, merchantId: string, data: any, current?: any) {
  const out = { ...data }
  if (entity === "resource" && data.hours !== undefined && data.hours !== null) {
    const merchant = await loadMerchant(container, merchantId)
    const r = validateBusinessHours({ ...data.hours, timezone: merchant.timezone ?? "Asia/Shanghai" }, "hours")
    if (!r.ok) bad(r.errors[0].field, r.errors.map((e) => e.message).join("；"), r.errors.map((e) => e.message_en).join("; "))
    out.hours = r.value
  }
  if (entity === "offering") {
    const merged = { ...(current ?? {}), ...data }
    if (data.variant_id !== undefined) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data: variants } = await query.graph({
        entity: "product_variant",
        fields: ["id", "product.id", "product.title", "product.metadata", "product.merchant.id"],
        filters: { id: data.variant_id },
      })
      const v = variants[0] as any
      if (!v || v.product?.merchant?.id !== merchantId) {
        bad("variant_id", `商品规格 ${data.variant_id} 不存在或不属于本店`, `variant ${data.variant_id} is not one of this shop's products`)
      }
      if ((v.product?.metadata?.kind ?? "service") !== "service") {
        bad("variant_id", "只有服务类商品可以预约", "only a service product can be booked")
      }
      out.product_id = v.product.id
      if (!merged.name) out.name = v.product.title
    }
    if (data.resource_ids !== undefined) {
      const ids = [...new Set(data.resource_ids as string[])]
      const own = ids.length ? await svc(container).listBookingResources({ id: ids, merchant_id: merchantId }) : []
      const missing = ids.filter((id) => !own.some((r: any) => r.id === id))
      if (!ids.length || missing.length) {
        bad("resource_ids", `资源 ${missing.join(", ") || "（空）"} 不存在或不属于本店`, `resources must be this shop's: ${missing.join(", ") || "none given"}`)
      }
      out.resource_ids = ids
    }
    if (merged.min_party !== undefined && merged.max_party !== undefined && merged.min_party > merged.max_party) {
      bad("max_party", "最多人数不能小于最少人数", "max_party must be at least min_party")
    }
    if (merged.location === "at_home" && !(merged.service_radius_km > 0)) {
      bad("service_radius_km", "上门服务需要设置服务半径", "an at-home offering needs service_radius_km")
    }
  }
  if (entity === "closure") {
    const merged = { ...(current ?? {}), ...data }
    if (new Date(merged.ends_at) <= new Date(merged.starts_at)) bad("ends_at", "结束时间必须晚于开始时间", "ends_at must be after starts_at")
    if (data.resource_id) await ownRecord(container, "resource", merchantId, data.resource_id)
  }
  return out
}

type UpsertInput = { entity: Entity; merchant_id: string; id?: string; data: Record<string, unknown> }

const upsertStep = createStep(
  "booking-upsert-record",
  async (input: UpsertInput, { container }) => {
    const o = ops(svc(container))[input.entity]
    if (input.id) {
      const current = await ownRecord(container, input.entity, input.merchant_id, input.id)
      const data = await normalize(container, input.entity, input.merchant_id, input.data, current)
      const before = Object.fromEntries(Object.keys(data).map((k) => [k, current[k]]))
      // A resource's capacity is checked against its bookings under the resource lock.
      const updated: any =
        input.entity === "resource"
          ? await svc(container).updateResourceChecked({ id: input.id, merchant_id: input.merchant_id, data })
          : await o.update({ id: input.id, ...data })
      return new StepResponse(updated as any, { entity: input.entity, id: input.id, before: before as Record<string, unknown> | null })
    }
    const data = await normalize(container, input.entity, input.merchant_id, input.data)
    const created: any = await o.create({ ...data, merchant_id: input.merchant_id })
    return new StepResponse(created as any, { entity: input.entity, id: created.id as string, before: null as Record<string, unknown> | null })
  },
  async (undo, { container }) => {
    if (!undo) return
    const o = ops(svc(container))[undo.entity]
    if (undo.before) await o.update({ id: undo.id, ...undo.before })
    else await o.del(undo.id)
  }
)

const deleteStep = createStep(
  "booking-delete-record",
  async (input: { entity: Entity; merchant_id: string; id: string }, { container }) => {
    await ownRecord(container, input.entity, input.merchant_id, input.id)
    await ops(svc(container))[input.entity].del(input.id)
    return new StepResponse(input.id, input)
  },
  async (input, { container }) => {
    if (input) await ops(svc(container))[input.entity].restore(input.id)
  }
)

export const upsertBookingRecordWorkflow = createWorkflow("booking-upsert-record", (input: UpsertInput) => {
  const record = upsertStep(input)
  return new WorkflowResponse(record)
})

export const deleteBookingRecordWorkflow = createWorkflow(
  "booking-delete-record",
  (input: { entity: Entity; merchant_id: string; id: string }) => new WorkflowResponse(deleteStep(input))
)
