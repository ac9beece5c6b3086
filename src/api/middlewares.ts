import {
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  VendorAcceptInvite,
  VendorCreateMerchant,
  VendorCreateProduct,
  VendorInviteMember,
  VendorListQuery,
  VendorRejectOrder,
  VendorUpdateMerchant,
  VendorUpdateProduct,
} from "./vendor/validators"
import { AdminCreateCategory, AdminListMerchants, AdminStatusReason } from "./admin/merchants/validators"
import { StoreListMerchants } from "./store/merchants/validators"

const merchantAuth = authenticate("merchant", ["session", "bearer"])
// Applying for a shop and accepting an invitation happen before the login has a merchant actor.
const merchantAuthUnregistered = authenticate("merchant", ["session", "bearer"], { allowUnregistered: true })
const listQuery = validateAndTransformQuery(VendorListQuery, { isList: true, defaults: [] })

export default defineMiddlewares({
  routes: [
    { matcher: "/vendor/merchants", method: ["POST"], middlewares: [merchantAuthUnregistered, validateAndTransformBody(VendorCreateMerchant)] },
    { matcher: "/vendor/invites/accept", method: ["POST"], middlewares: [merchantAuthUnregistered, validateAndTransformBody(VendorAcceptInvite)] },
    { matcher: "/vendor/me", middlewares: [merchantAuth] },
    { matcher: "/vendor/merchant", method: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorUpdateMerchant)] },
    { matcher: "/vendor/uploads", middlewares: [merchantAuth] },
    { matcher: "/vendor/members", method: ["GET"], middlewares: [merchantAuth] },
    { matcher: "/vendor/members", method: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorInviteMember)] },
    { matcher: "/vendor/products", method: ["GET"], middlewares: [merchantAuth, listQuery] },
    { matcher: "/vendor/products", method: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorCreateProduct)] },
    { matcher: "/vendor/products/:id", method: ["GET", "DELETE"], middlewares: [merchantAuth] },
    { matcher: "/vendor/products/:id", method: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorUpdateProduct)] },
    { matcher: "/vendor/orders", method: ["GET"], middlewares: [merchantAuth, listQuery] },
    { matcher: "/vendor/orders/:id", method: ["GET"], middlewares: [merchantAuth] },
    { matcher: "/vendor/orders/:id/reject", method: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorRejectOrder)] },
    { matcher: "/vendor/orders/:id/:action", method: ["POST"], middlewares: [merchantAuth] },

    { matcher: "/store/merchants", method: ["GET"], middlewares: [validateAndTransformQuery(StoreListMerchants, { isList: true, defaults: [] })] },

    { matcher: "/admin/merchants", method: ["GET"], middlewares: [validateAndTransformQuery(AdminListMerchants, { isList: true, defaults: [] })] },
    { matcher: "/admin/merchants/:id/reject", method: ["POST"], middlewares: [validateAndTransformBody(AdminStatusReason)] },
    { matcher: "/admin/merchants/:id/suspend", method: ["POST"], middlewares: [validateAndTransformBody(AdminStatusReason)] },
    { matcher: "/admin/merchant-categories", method: ["POST"], middlewares: [validateAndTransformBody(AdminCreateCategory)] },
  ],
})
