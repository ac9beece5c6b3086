import { defineLink } from "@medusajs/framework/utils"
import CartModule from "@medusajs/medusa/cart"
import MerchantModule from "../modules/merchant"

// A cart holds one merchant's items (a per-shop cart); a customer may keep several carts.
export default defineLink(MerchantModule.linkable.merchant, { linkable: CartModule.linkable.cart, isList: true })
