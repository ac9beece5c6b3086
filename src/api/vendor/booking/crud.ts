import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BOOKING_MODULE } from "../../../modules/booking"
import { keepConflictMessage } from "../../../modules/booking/utils/errors"
import type BookingModuleService from "../../../modules/booking/service"
import { deleteBookingRecordWorkflow, ownRecord, upsertBookingRecordWorkflow } from "../../../workflows/booking/manage"
import { getVendor } from "../helpers"

type Entity = "resource" | "offering" | "closure"
const KEY: Record<Entity, [string, string]> = {
  resource: ["resource", "resources"],
  offering: ["offering", "offerings"],
  closure: ["closure", "closures"],
}

/** List / create / read / update / delete of one booking record type, always scoped to the signed-in shop. */
export function crud(entity: Entity) {
  const [one, many] = KEY[entity]
  return {
    list: async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
      const vendor = await getVendor(req)
      const booking: BookingModuleService = req.scope.resolve(BOOKING_MODULE)
      const filters = { merchant_id: vendor.merchant_id }
      const order = { order: { created_at: "ASC" } } as any
      const rows =
        entity === "resource"
          ? await booking.listBookingResources(filters, order)
          : entity === "offering"
            ? await booking.listBookingOfferings(filters, order)
            : await booking.listBookingClosures(filters, { order: { starts_at: "ASC" } } as any)
      res.json({ [many]: rows })
    },
    create: async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
      const vendor = await getVendor(req)
      const { result } = await upsertBookingRecordWorkflow(req.scope).run({
        input: { entity, merchant_id: vendor.merchant_id, data: req.validatedBody as Record<string, unknown> },
      })
      res.status(201).json({ [one]: result })
    },
    get: async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
      const vendor = await getVendor(req)
      res.json({ [one]: await ownRecord(req.scope, entity, vendor.merchant_id, req.params.id) })
    },
    update: async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
      const vendor = await getVendor(req)
      // A refused capacity change is a 409 whose text names the rule.
      const { result } = await keepConflictMessage(() =>
        upsertBookingRecordWorkflow(req.scope).run({
          input: { entity, merchant_id: vendor.merchant_id, id: req.params.id, data: req.validatedBody as Record<string, unknown> },
        })
      )
      res.json({ [one]: result })
    },
    remove: async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
      const vendor = await getVendor(req)
      await deleteBookingRecordWorkflow(req.scope).run({ input: { entity, merchant_id: vendor.merchant_id, id: req.params.id } })
      res.json({ id: req.params.id, object: one, deleted: true })
    },
  }
}
