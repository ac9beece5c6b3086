import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { PostPointsInput } from "../../../modules/points/service"
import { pointsService } from "../helpers"

/**
 * Books a list of ledger entries (each idempotent by its key). Compensation books the opposite of
 * what was really applied, under a derived key, so a failed workflow leaves the balance as it was and
 * the ledger shows both movements.
 */
export const postPointsStep = createStep(
  "points-post",
  async (input: { entries: PostPointsInput[] }, { container }) => {
    const service = pointsService(container)
    const booked: any[] = []
    const undo: PostPointsInput[] = []
    for (const e of input.entries) {
      const { entry, replayed } = await service.post(e)
      booked.push(entry)
      if (!replayed && Number(entry.delta) !== 0) {
        undo.push({
          customer_id: e.customer_id,
          kind: "adjust",
          delta: -Number(entry.delta),
          order_id: e.order_id ?? null,
          idempotency_key: `undo:${e.idempotency_key}`,
          reason: "操作未完成，已撤销 (operation rolled back)",
          mode: "clamp",
        })
      }
    }
    return new StepResponse(booked, undo)
  },
  async (undo, { container }) => {
    if (!undo?.length) return
    const service = pointsService(container)
    for (const e of undo.reverse()) await service.post(e)
  }
)
