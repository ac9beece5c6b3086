import {
  authenticate,
  maybeApplyLinkFilter,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
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
  VendorUploads,
} from "./vendor/validators"
import { AdminCreateCategory, AdminListMerchants, AdminStatusReason } from "./admin/merchants/validators"
import { StoreListMerchants } from "./store/merchants/validators"

const merchantAuth = authenticate("merchant", ["session", "bearer"])
// Applying for a shop and accepting an invitation happen before the login has a merchant actor.
const merchantAuthUnregistered = authenticate("merchant", ["session", "bearer"], { allowUnregistered: true })
const listQuery = validateAndTransformQuery(VendorListQuery, { isList: true, defaults: [] })

const productSalesChannelFilter = maybeApplyLinkFilter({
  entryPoint: "product_sales_channel",
  resourceId: "product_id",
  filterableField: "sales_channel_id",
})

/**
 * Medusa's product list drops the sales channel filter while only one channel exists, which would list
 * products kept out of the storefront's channel — those of shops that are not approved. The filter is
 * applied again from the publishable key's channels (combined with any id filter already there); the
 * single-product route already applies it.
 */
async function storefrontChannelOnly(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const channels = (req as any).publishable_key_context?.sales_channel_ids as string[] | undefined
  if (!req.filterableFields || !channels?.length) return next()
  req.filterableFields.sales_channel_id = channels
  return productSalesChannelFilter(req, res, next)
}

/** Routes of the merchant domain: /vendor (shops), /store/merchants, /admin/merchants. */
export const merchantMiddlewares: MiddlewareRoute[] = [
    { matcher: "/vendor/merchants", methods: ["POST"], middlewares: [merchantAuthUnregistered, validateAndTransformBody(VendorCreateMerchant)] },
    { matcher: "/vendor/invites/accept", methods: ["POST"], middlewares: [merchantAuthUnregistered, validateAndTransformBody(VendorAcceptInvite)] },
    { matcher: "/vendor/me", middlewares: [merchantAuth] },
    { matcher: "/vendor/merchant", methods: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorUpdateMerchant)] },
    // An applicant uploads the licence image before the shop exists, so a login without a shop may upload.
    // Up to 9 images of 5 MB each, base64 in JSON (4/3 larger): Medusa's default 100 kB would refuse most photos.
    {
      matcher: "/vendor/uploads",
      methods: ["POST"],
      bodyParser: { sizeLimit: "60mb" },
      middlewares: [merchantAuthUnregistered, validateAndTransformBody(VendorUploads)],
    },
    { matcher: "/vendor/members", methods: ["GET"], middlewares: [merchantAuth] },
    { matcher: "/vendor/members", methods: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorInviteMember)] },
    { matcher: "/vendor/products", methods: ["GET"], middlewares: [merchantAuth, listQuery] },
    { matcher: "/vendor/products", methods: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorCreateProduct)] },
    { matcher: "/vendor/products/:id", methods: ["GET", "DELETE"], middlewares: [merchantAuth] },
    { matcher: "/vendor/products/:id", methods: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorUpdateProduct)] },
    { matcher: "/vendor/orders", methods: ["GET"], middlewares: [merchantAuth, listQuery] },
    { matcher: "/vendor/orders/:id", methods: ["GET"], middlewares: [merchantAuth] },
    { matcher: "/vendor/orders/:id/reject", methods: ["POST"], middlewares: [merchantAuth, validateAndTransformBody(VendorRejectOrder)] },
    { matcher: "/vendor/orders/:id/:action", methods: ["POST"], middlewares: [merchantAuth] },

    { matcher: "/store/products", methods: ["GET"], middlewares: [storefrontChannelOnly] },
    { matcher: "/store/merchants", methods: ["GET"], middlewares: [validateAndTransformQuery(StoreListMerchants, { isList: true, defaults: [] })] },

    { matcher: "/admin/merchants", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminListMerchants, { isList: true, defaults: [] })] },
    { matcher: "/admin/merchants/:id/reject", methods: ["POST"], middlewares: [validateAndTransformBody(AdminStatusReason)] },
    { matcher: "/admin/merchants/:id/suspend", methods: ["POST"], middlewares: [validateAndTransformBody(AdminStatusReason)] },
    { matcher: "/admin/merchant-categories", methods: ["POST"], middlewares: [validateAndTransformBody(AdminCreateCategory)] },
]
