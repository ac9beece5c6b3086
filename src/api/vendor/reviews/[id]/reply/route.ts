import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { replyToReviewWorkflow } from "../../../../../workflows/review"
import { presentReview } from "../../../../store/reviews/helpers"
import { getVendor } from "../../../helpers"

/** 商家回复: writes the shop's single reply, or edits it; another shop's review is a 404. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const vendor = await getVendor(req)
  const { result } = await replyToReviewWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      merchant_id: vendor.merchant_id,
      member_id: vendor.member_id,
      text: (req.validatedBody as { text: string }).text,
    },
  })
  res.json({ review: presentReview(result, { merchant_id: vendor.merchant_id }) })
}
