import { type MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { StoreNearbySearch } from "./store/merchants/search/validators"

/** Routes of nearby search. */
export const nearbyMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/merchants/search",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(StoreNearbySearch, { isList: false, defaults: [] })],
  },
]
