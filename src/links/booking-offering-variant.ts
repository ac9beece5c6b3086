import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import BookingModule from "../modules/booking"

// The offering stores its variant's id (the variant carries the price): offering.product_variant.
export default defineLink(
  { linkable: BookingModule.linkable.bookingOffering, field: "variant_id" },
  ProductModule.linkable.productVariant,
  { readOnly: true }
)
