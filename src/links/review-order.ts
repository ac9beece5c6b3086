import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import ReviewModule from "../modules/review"

// review.order, the order whose line was reviewed.
export default defineLink({ linkable: ReviewModule.linkable.review, field: "order_id" }, OrderModule.linkable.order, { readOnly: true })
