export * from "./points-account"
export * from "./points-entry"
