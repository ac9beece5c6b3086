import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { REVIEW_MODULE } from "../../modules/review"
import type ReviewModuleService from "../../modules/review/service"
import { checkReviewEligibilityStep } from "./steps/check-eligibility"
import { refreshMerchantRatingStep } from "./steps/refresh-merchant-rating"
import { createReviewStep, editReviewStep, setReviewVisibilityStep } from "./steps/write-review"

export type CreateReviewWorkflowInput = {
  customer_id: string
  order_id: string
  line_item_id: string
  rating: unknown
  sub_scores?: unknown
  text?: unknown
  photos?: unknown
  is_anonymous?: boolean
}

/**
 * 写评价: eligibility (own, completed order line) → the review (rules, daily limit, once per line) →
 * the shop's and the product's rating recounted → events for the nearby index and anyone else listening.
 */
export const createReviewWorkflow = createWorkflow("review-create", (input: CreateReviewWorkflowInput) => {
  const ctx = checkReviewEligibilityStep(
    transform({ input }, ({ input }) => ({
      customer_id: input.customer_id,
      order_id: input.order_id,
      line_item_id: input.line_item_id,
    }))
  )
  const review = createReviewStep(
    transform({ input, ctx }, ({ input, ctx }) => ({
      customer_id: input.customer_id,
      order_id: input.order_id,
      line_item_id: input.line_item_id,
      merchant_id: ctx.merchant_id,
      product_id: ctx.product_id,
      author_name: ctx.author_name,
      dimensions: ctx.dimensions,
      rating: input.rating,
      sub_scores: input.sub_scores,
      text: input.text,
      photos: input.photos,
      is_anonymous: input.is_anonymous,
    }))
  )
  const rating = refreshMerchantRatingStep(
    transform({ ctx }, ({ ctx }) => ({ merchant_id: ctx.merchant_id, product_id: ctx.product_id }))
  )
  emitEventStep({
    eventName: "review.created",
    data: transform({ review }, ({ review }) => ({ id: review.id, merchant_id: review.merchant_id, product_id: review.product_id })),
  }).config({ name: "emit-review-created" })
  emitEventStep({
    eventName: "merchant.rating_updated",
    data: transform({ ctx }, ({ ctx }) => ({ id: ctx.merchant_id })),
  }).config({ name: "emit-merchant-rating" })
  return new WorkflowResponse({ review, rating })
})

export type EditReviewWorkflowInput = {
  id: string
  customer_id: string
  rating?: unknown
  sub_scores?: unknown
  text?: unknown
  photos?: unknown
  is_anonymous?: boolean
}

/** 修改评价 within the edit window; the shop's rating is recounted because the score may have changed. */
export const editReviewWorkflow = createWorkflow("review-edit", (input: EditReviewWorkflowInput) => {
  const review = editReviewStep(input)
  const rating = refreshMerchantRatingStep(
    transform({ review }, ({ review }) => ({ merchant_id: review.merchant_id, product_id: review.product_id }))
  )
  emitEventStep({
    eventName: "review.updated",
    data: transform({ review }, ({ review }) => ({ id: review.id, merchant_id: review.merchant_id })),
  }).config({ name: "emit-review-updated" })
  emitEventStep({
    eventName: "merchant.rating_updated",
    data: transform({ review }, ({ review }) => ({ id: review.merchant_id })),
  }).config({ name: "emit-merchant-rating" })
  return new WorkflowResponse({ review, rating })
})

export type ModerateReviewWorkflowInput = { id: string; hidden: boolean; reason?: string | null; actor_id?: string | null }

/** 隐藏 / 恢复 by an operator: a hidden review leaves the store lists and the shop's rating; restoring puts it back. */
export const moderateReviewWorkflow = createWorkflow("review-moderate", (input: ModerateReviewWorkflowInput) => {
  const review = setReviewVisibilityStep(input)
  const rating = refreshMerchantRatingStep(
    transform({ review }, ({ review }) => ({ merchant_id: review.merchant_id, product_id: review.product_id }))
  )
  emitEventStep({
    eventName: transform({ input }, ({ input }) => (input.hidden ? "review.hidden" : "review.restored")),
    data: transform({ review }, ({ review }) => ({ id: review.id, merchant_id: review.merchant_id })),
  }).config({ name: "emit-review-moderated" })
  emitEventStep({
    eventName: "merchant.rating_updated",
    data: transform({ review }, ({ review }) => ({ id: review.merchant_id })),
  }).config({ name: "emit-merchant-rating" })
  return new WorkflowResponse({ review, rating })
})

// ---- single-module writes: the shop's reply, useful votes, reports -------------------------------

const replyStep = createStep(
  "review-reply-step",
  async (input: { id: string; merchant_id: string; member_id: string; text: string }, { container }) => {
    const service: ReviewModuleService = container.resolve(REVIEW_MODULE)
    const [before] = await service.listReviews(
      { id: input.id, merchant_id: input.merchant_id },
      { select: ["id", "reply_text", "reply_by", "replied_at", "reply_updated_at"] }
    )
    const review = await service.setReply(input)
    return new StepResponse(review, before ?? null)
  },
  async (before, { container }) => {
    if (!before) return
    await (container.resolve(REVIEW_MODULE) as ReviewModuleService).updateReviews({
      id: before.id,
      reply_text: before.reply_text,
      reply_by: before.reply_by,
      replied_at: before.replied_at,
      reply_updated_at: before.reply_updated_at,
    })
  }
)

/** 商家回复: one reply per review, written the first time and edited afterwards. */
export const replyToReviewWorkflow = createWorkflow(
  "review-reply",
  (input: { id: string; merchant_id: string; member_id: string; text: string }) => {
    const review = replyStep(input)
    emitEventStep({
      eventName: "review.replied",
      data: transform({ review }, ({ review }) => ({ id: review.id, merchant_id: review.merchant_id })),
    })
    return new WorkflowResponse(review)
  }
)

const usefulStep = createStep("review-useful-step", async (input: { id: string; customer_id: string }, { container }) => {
  const service: ReviewModuleService = container.resolve(REVIEW_MODULE)
  return new StepResponse(await service.markUseful(input))
})

/** 有用: one vote per customer (unique index), counted into useful_count for sort=useful. */
export const markReviewUsefulWorkflow = createWorkflow("review-useful", (input: { id: string; customer_id: string }) => {
  return new WorkflowResponse(usefulStep(input))
})

const reportStep = createStep(
  "review-report-step",
  async (input: { id: string; customer_id: string; reason?: string | null }, { container }) => {
    const service: ReviewModuleService = container.resolve(REVIEW_MODULE)
    return new StepResponse(await service.report(input))
  }
)

/** 举报: puts the review at the top of the operators' moderation queue. */
export const reportReviewWorkflow = createWorkflow(
  "review-report",
  (input: { id: string; customer_id: string; reason?: string | null }) => {
    const result = reportStep(input)
    emitEventStep({ eventName: "review.reported", data: transform({ input }, ({ input }) => ({ id: input.id })) })
    return new WorkflowResponse(result)
  }
)
