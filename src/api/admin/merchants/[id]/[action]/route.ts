import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { MerchantStatus } from "../../../../../modules/merchant/models"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import { changeMerchantStatusWorkflow } from "../../../../../workflows/merchant/change-merchant-status"

const ACTIONS: Record<string, MerchantStatus> = {
  approve: "approved",
  reject: "rejected",
  suspend: "suspended",
  reinstate: "approved",
}

/** 审核通过 approve · 驳回 reject (reason) · 暂停 suspend (reason) · 恢复 reinstate. */
export const POST = async (req: AuthenticatedMedusaRequest<{ reason?: string }>, res: MedusaResponse) => {
  const to = ACTIONS[req.params.action]
  if (!to) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `未知操作 ${req.params.action}，可选 approve, reject, suspend, reinstate (unknown action)`
    )
  }
  if (req.params.action === "reinstate" || req.params.action === "approve") {
    // reinstate only from suspended, approve only from pending/rejected: the names say what the operator meant.
    const current = await (req.scope.resolve(MERCHANT_MODULE) as any).retrieveMerchant(req.params.id).catch(() => null)
    if (!current) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${req.params.id} 不存在 (merchant not found)`)
    const fromOk = req.params.action === "reinstate" ? current.status === "suspended" : current.status !== "suspended"
    if (!fromOk) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        req.params.action === "reinstate"
          ? "只有已暂停的商家可以恢复 (only a suspended merchant can be reinstated)"
          : "已暂停的商家请使用「恢复」 (use reinstate for a suspended merchant)"
      )
    }
  }
  const { result } = await changeMerchantStatusWorkflow(req.scope).run({
    input: {
      merchant_id: req.params.id,
      to,
      reason: (req.validatedBody as any)?.reason ?? (req.body as any)?.reason ?? null,
      actor_type: "user",
      actor_id: req.auth_context?.actor_id,
    },
  })
  res.json({ merchant: result })
}
