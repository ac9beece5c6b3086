import { Module } from "@medusajs/framework/utils"
import NearbyModuleService from "./service"

export const NEARBY_MODULE = "nearby"

export default Module(NEARBY_MODULE, {
  service: NearbyModuleService,
})
