import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { moderateReviewWorkflow } from "../../../../../workflows/review"
import { presentReview } from "../../../../store/reviews/helpers"

/** 隐藏 hide {reason} · 恢复 restore; both recount the shop's rating. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const action = req.params.action
  if (action !== "hide" && action !== "restore") {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `未知操作 ${action}，可选 hide, restore (unknown action)`)
  }
  const { result } = await moderateReviewWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      hidden: action === "hide",
      reason: action === "hide" ? (req.validatedBody as { reason: string }).reason : null,
      actor_id: req.auth_context?.actor_id ?? null,
    },
  })
  res.json({
    review: presentReview(result.review, { operator: true }),
    merchant_rating: { rating_avg: result.rating.rating_avg, rating_count: result.rating.rating_count },
  })
}
