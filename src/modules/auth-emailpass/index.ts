import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { EvenTimingEmailPassService } from "./service"

export default ModuleProvider(Modules.AUTH, { services: [EvenTimingEmailPassService] })
