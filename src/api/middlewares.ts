import { defineMiddlewares } from "@medusajs/framework/http"
import { merchantMiddlewares } from "./merchant-middlewares"
import { nearbyMiddlewares } from "./nearby-middlewares"

// Each domain keeps its routes' validation and auth in its own <domain>-middlewares.ts.
export default defineMiddlewares({
  routes: [...merchantMiddlewares, ...nearbyMiddlewares],
})
