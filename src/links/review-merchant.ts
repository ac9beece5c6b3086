import { defineLink } from "@medusajs/framework/utils"
import MerchantModule from "../modules/merchant"
import ReviewModule from "../modules/review"

// review.merchant, from the merchant id the review keeps.
export default defineLink({ linkable: ReviewModule.linkable.review, field: "merchant_id" }, MerchantModule.linkable.merchant, { readOnly: true })
