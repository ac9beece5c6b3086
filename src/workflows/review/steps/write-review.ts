import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { reviewDimensionsFor } from "../../../modules/merchant/utils"
import { REVIEW_MODULE } from "../../../modules/review"
import type ReviewModuleService from "../../../modules/review/service"
import type { CreateReviewInput, EditReviewInput } from "../../../modules/review/service"

export const createReviewStep = createStep(
  "review-create-step",
  async (input: CreateReviewInput, { container }) => {
    const service: ReviewModuleService = container.resolve(REVIEW_MODULE)
    const review = await service.createReviewChecked(input)
    return new StepResponse(review, review.id as string)
  },
  async (id, { container }) => {
    if (!id) return
    await (container.resolve(REVIEW_MODULE) as ReviewModuleService).purgeReview(id)
  }
)

export const editReviewStep = createStep(
  "review-edit-step",
  async (input: Omit<EditReviewInput, "dimensions">, { container }) => {
    const service: ReviewModuleService = container.resolve(REVIEW_MODULE)
    const [current] = await service.listReviews({ id: input.id }, { select: ["id", "merchant_id", "customer_id"] })
    if (!current || current.customer_id !== input.customer_id) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "评价不存在 (review not found)")
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "merchant", fields: ["id", "category"], filters: { id: current.merchant_id } })
    const dimensions = reviewDimensionsFor((data[0] as any)?.category ?? "")
    const { before, after } = await service.editReviewChecked({ ...input, dimensions })
    return new StepResponse(after, before)
  },
  async (before, { container }) => {
    if (!before) return
    await (container.resolve(REVIEW_MODULE) as ReviewModuleService).restoreContent(before)
  }
)

export const setReviewVisibilityStep = createStep(
  "review-set-visibility",
  async (input: { id: string; hidden: boolean; reason?: string | null; actor_id?: string | null }, { container }) => {
    const service: ReviewModuleService = container.resolve(REVIEW_MODULE)
    const { before, after } = await service.setVisibility(input)
    return new StepResponse(after, before)
  },
  async (before, { container }) => {
    if (!before) return
    await (container.resolve(REVIEW_MODULE) as ReviewModuleService).restoreModeration(before)
  }
)
