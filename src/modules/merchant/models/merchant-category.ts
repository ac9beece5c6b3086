import { model } from "@medusajs/framework/utils"

/** The operator-extensible list of shop categories (餐饮美食, 家政服务, …). */
export const MerchantCategory = model.define("merchant_category", {
  id: model.id({ prefix: "mcat" }).primaryKey(),
  slug: model.text().unique(),
  name_zh: model.text(),
  name_en: model.text(),
  rank: model.number().default(0),
  is_active: model.boolean().default(true),
})
