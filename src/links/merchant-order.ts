import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import MerchantModule from "../modules/merchant"

// Every order is placed with one merchant (order.merchant).
export default defineLink(MerchantModule.linkable.merchant, { linkable: OrderModule.linkable.order, isList: true })
