export * from "./coupon-batch"
export * from "./customer-coupon"
