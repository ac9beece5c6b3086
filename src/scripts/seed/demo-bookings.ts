import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BOOKING_MODULE } from "../../modules/booking"
import { upsertBookingRecordWorkflow } from "../../workflows/booking/manage"

// Staff or places per category, so the demo's services show a slot picker.
const RESOURCES: Record<string, { kind: string; names: string[]; capacity: number; minutes: number }> = {
  beauty: { kind: "staff", names: ["造型师 Amy", "造型师 Leo", "美甲师 小雅"], capacity: 1, minutes: 60 },
  housekeeping: { kind: "staff", names: ["保洁阿姨 王姐", "保洁阿姨 李姐", "保洁小组 A"], capacity: 1, minutes: 180 },
  fitness: { kind: "room", names: ["私教区", "团课教室"], capacity: 6, minutes: 60 },
  pets: { kind: "staff", names: ["美容师 豆豆"], capacity: 1, minutes: 90 },
}

/**
 * Makes the demo shops' services bookable: a few resources per shop and an offering for each service.
 * Goes through the same workflow as the vendor API; a shop that already has resources is left alone.
 */
export async function seedDemoBookings(container: MedusaContainer) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const booking: any = container.resolve(BOOKING_MODULE)
  const { data: merchants } = await query.graph({
    entity: "merchant",
    fields: ["id", "category", "status", "products.id", "products.metadata", "products.variants.id"],
    filters: { status: "approved", category: Object.keys(RESOURCES) },
  })
  let made = 0
  for (const m of merchants as any[]) {
    const existing = await booking.listBookingResources({ merchant_id: m.id }, { take: 1 })
    if (existing.length) continue
    const spec = RESOURCES[m.category]
    const resourceIds: string[] = []
    for (const name of spec.names) {
      const { result } = await upsertBookingRecordWorkflow(container).run({
        input: { entity: "resource", merchant_id: m.id, data: { kind: spec.kind, name, capacity: spec.capacity } },
      })
      resourceIds.push(result.id)
    }
    for (const p of (m.products ?? []).filter((p: any) => p && (p.metadata?.kind ?? "service") === "service")) {
      for (const v of p.variants ?? []) {
        await upsertBookingRecordWorkflow(container).run({
          input: {
            entity: "offering",
            merchant_id: m.id,
            data: {
              variant_id: v.id,
              duration_minutes: spec.minutes,
              buffer_after_minutes: m.category === "housekeeping" ? 30 : 10,
              min_notice_minutes: 60,
              horizon_days: 14,
              free_cancel_minutes: 120,
              max_party: spec.capacity > 1 ? 4 : 1,
              resource_ids: resourceIds,
            },
          },
        })
      }
    }
    made++
  }
  return made
}
