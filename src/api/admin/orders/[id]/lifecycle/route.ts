import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { presentOrderLifecycle } from "../../../../order-lifecycle"

/** The order as its lifecycle sees it, with the actions an operator may take (the admin widget shows only those). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ order: await presentOrderLifecycle(req.scope, req.params.id, "operator") })
}
