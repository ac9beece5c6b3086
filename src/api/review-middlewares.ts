import {
  authenticate,
  type MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminHideReview,
  AdminListReviews,
  StoreCreateReview,
  StoreEditReview,
  StoreListReviews,
  StoreReportReview,
  StoreReviewPhotos,
  VendorListReviews,
  VendorReply,
} from "./store/reviews/validators"

const customerAuth = authenticate("customer", ["session", "bearer"])
// Public lists still recognise a signed-in author, who sees their own anonymous review unmasked.
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })
const merchantAuth = authenticate("merchant", ["session", "bearer"])
const listQuery = (schema: any) => validateAndTransformQuery(schema, {})

/** Routes of the review domain (评价): /store reviews, /vendor replies, /admin moderation. */
export const reviewMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/merchants/:id/reviews", methods: ["GET"], middlewares: [optionalCustomer, listQuery(StoreListReviews)] },
  { matcher: "/store/products/:id/reviews", methods: ["GET"], middlewares: [optionalCustomer, listQuery(StoreListReviews)] },
  { matcher: "/store/reviews", methods: ["POST"], middlewares: [customerAuth, validateAndTransformBody(StoreCreateReview)] },
  { matcher: "/store/reviews/:id", methods: ["POST"], middlewares: [customerAuth, validateAndTransformBody(StoreEditReview)] },
  { matcher: "/store/reviews/:id/useful", methods: ["POST"], middlewares: [customerAuth] },
  { matcher: "/store/reviews/:id/report", methods: ["POST"], middlewares: [customerAuth, validateAndTransformBody(StoreReportReview)] },
  {
    matcher: "/store/review-photos",
    methods: ["POST"],
    bodyParser: { sizeLimit: "60mb" },
    middlewares: [customerAuth, validateAndTransformBody(StoreReviewPhotos)],
  },
  { matcher: "/store/customers/me/reviews", methods: ["GET"], middlewares: [customerAuth] },

  { matcher: "/vendor/reviews", methods: ["GET"], middlewares: [merchantAuth, listQuery(VendorListReviews)] },
  { matcher: "/vendor/reviews/:id/reply", methods: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorReply)] },

  { matcher: "/admin/reviews", methods: ["GET"], middlewares: [listQuery(AdminListReviews)] },
  { matcher: "/admin/reviews/:id/hide", methods: ["POST"], middlewares: [validateAndTransformBody(AdminHideReview)] },
]
