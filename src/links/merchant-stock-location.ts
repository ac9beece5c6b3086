import { defineLink } from "@medusajs/framework/utils"
import StockLocationModule from "@medusajs/medusa/stock-location"
import MerchantModule from "../modules/merchant"

// Each merchant keeps its stock at its own location(s).
export default defineLink(MerchantModule.linkable.merchant, {
  linkable: StockLocationModule.linkable.stockLocation,
  isList: true,
})
