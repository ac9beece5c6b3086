import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { keepConflictMessage } from "../../../../../modules/booking/utils/errors"
import { MERCHANT_STATUS_ACTIONS } from "../../../../../modules/merchant/service"
import { changeMerchantStatusWorkflow } from "../../../../../workflows/merchant/change-merchant-status"

/** 审核通过 approve · 驳回 reject (reason) · 暂停 suspend (reason) · 恢复 reinstate. */
export const POST = async (req: AuthenticatedMedusaRequest<{ reason?: string }>, res: MedusaResponse) => {
  const action = MERCHANT_STATUS_ACTIONS[req.params.action]
  if (!action) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `未知操作 ${req.params.action}，可选 approve, reject, suspend, reinstate (unknown action)`
    )
  }
  const { result } = await keepConflictMessage(() =>
    changeMerchantStatusWorkflow(req.scope).run({
      input: {
        merchant_id: req.params.id,
        to: action.to,
        from: action.from,
        reason: (req.validatedBody as any)?.reason ?? (req.body as any)?.reason ?? null,
        actor_type: "user",
        actor_id: req.auth_context?.actor_id,
      },
    })
  )
  res.json({ merchant: result })
}
