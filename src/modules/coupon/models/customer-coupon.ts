import { model } from "@medusajs/framework/utils"

/**
 * A coupon in a customer's wallet. `seq` numbers a customer's claims of one batch (1, 2, …): the
 * unique index on (batch_id, customer_id, seq) lets the database refuse a claim over the limit even
 * if two requests race. `cart_id` is the cart it is applied to (at most one), `code` the Medusa
 * promotion code applied there.
 */
export const CustomerCoupon = model
  .define("customer_coupon", {
    id: model.id({ prefix: "ccp" }).primaryKey(),
    batch_id: model.text(),
    customer_id: model.text(),
    seq: model.number(),
    status: model.enum(["available", "used", "expired"]).default("available"),
    code: model.text().nullable(),
    cart_id: model.text().nullable(),
    order_id: model.text().nullable(),
    used_at: model.dateTime().nullable(),
    discount_total: model.bigNumber().nullable(),
  })
  .indexes([
    { on: ["batch_id", "customer_id", "seq"], unique: true },
    { on: ["customer_id", "status"] },
    { on: ["cart_id"] },
    { on: ["order_id"] },
  ])
