import crypto from "node:crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adjustPointsWorkflow } from "../../../../../../workflows/points/order-points"
import { presentEntry } from "../../../../../points-present"
import { assertCustomer } from "../route"

/**
 * POST /admin/customers/:id/points/adjust { delta, reason } — an operator's correction. A debit larger
 * than the balance is refused (400); the operator is recorded with the reason.
 */
export const POST = async (req: AuthenticatedMedusaRequest<{ delta: number; reason: string }>, res: MedusaResponse) => {
  await assertCustomer(req.scope, req.params.id)
  const { delta, reason } = req.validatedBody
  const { result } = await adjustPointsWorkflow(req.scope).run({
    input: {
      entries: [
        {
          customer_id: req.params.id,
          kind: "adjust",
          delta,
          reason,
          idempotency_key: `adjust:${crypto.randomUUID()}`,
          metadata: { by_user: req.auth_context.actor_id },
        },
      ],
    },
  })
  const entry = result[0]
  res.json({ balance: Number(entry.balance_after), entry: presentEntry(entry) })
}
