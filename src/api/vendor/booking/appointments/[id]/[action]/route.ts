import { keepConflictMessage } from "../../../../../../modules/booking/utils/errors"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { merchantAppointmentActionWorkflow } from "../../../../../../workflows/booking/appointment-actions"
import { getVendor } from "../../../../helpers"
import { presentAppointment } from "../../../helpers"

const ACTIONS = { complete: "completed", "no-show": "no_show" } as const

/** 完成 complete (after check-in) · 未到店 no-show (after the start time). */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const to = ACTIONS[req.params.action as keyof typeof ACTIONS]
  if (!to) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `未知操作 ${req.params.action}，可选 complete, no-show (unknown action)`)
  }
  const { result } = await keepConflictMessage(() => merchantAppointmentActionWorkflow(req.scope).run({
    input: { merchant_id: vendor.merchant_id, appointment_id: req.params.id, to },
  }))
  res.json({ appointment: presentAppointment(result) })
}
