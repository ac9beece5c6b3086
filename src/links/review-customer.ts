import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import ReviewModule from "../modules/review"

// review.customer, the author (shown masked when the review is anonymous).
export default defineLink({ linkable: ReviewModule.linkable.review, field: "customer_id" }, CustomerModule.linkable.customer, { readOnly: true })
