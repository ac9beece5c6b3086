import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { ledgerResponse } from "../../../../points-present"

export async function assertCustomer(scope: any, id: string) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id } })
  if (!data[0]) throw new MedusaError(MedusaError.Types.NOT_FOUND, `顾客 ${id} 不存在 (customer not found)`)
}

/** GET /admin/customers/:id/points?limit=&offset= — a customer's balance and ledger. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await assertCustomer(req.scope, req.params.id)
  res.json(await ledgerResponse(req.scope, req.params.id, req.validatedQuery as any))
}
