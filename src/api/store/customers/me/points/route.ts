import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ledgerResponse } from "../../../../points-present"

/** GET /store/customers/me/points?limit=&offset= — my balance and ledger, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(await ledgerResponse(req.scope, req.auth_context.actor_id, req.validatedQuery as any))
}
