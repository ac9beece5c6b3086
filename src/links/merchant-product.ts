import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import MerchantModule from "../modules/merchant"

// A merchant has many products; a product belongs to exactly one merchant (product.merchant).
export default defineLink(MerchantModule.linkable.merchant, {
  linkable: ProductModule.linkable.product,
  isList: true,
})
