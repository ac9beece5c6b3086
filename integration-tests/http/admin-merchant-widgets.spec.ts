import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer } from "../helpers/merchant"

jest.setTimeout(180 * 1000)

const OPERATOR = { email: "widgets@tongcheng.test", password: "ops-pass-1" }

/** The routes behind the admin's 所属商家 cards on the product and order pages. */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }

    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
    })

    async function shopWithService(email: string, seed: number, name: string) {
      const shop = await applyAsMerchant(api, email, seed, { name })
      await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
      const { data } = await api.post(
        "/vendor/products",
        { title: "精致洗剪吹", kind: "service", variants: [{ title: "标准", price: 88 }] },
        bearer(shop.token)
      )
      return { ...shop, product: data.product }
    }

    async function checkout(variantId: string) {
      const store = storeHeaders(pk)
      const { data } = await api.post("/store/carts", { region_id: regionId, email: "buyer@tongcheng.test" }, store)
      const cartId = data.cart.id
      await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variantId, quantity: 1 }, store)
      await api.post(
        `/store/carts/${cartId}`,
        {
          shipping_address: { first_name: "小", last_name: "明", address_1: "人民大道 1 号", city: "上海", country_code: "cn", phone: "13900000000" },
        },
        store
      )
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, store)
      await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, store)
      const done = await api.post(`/store/carts/${cartId}/complete`, {}, store)
      expect(done.data.type).toBe("order")
      return done.data.order.id as string
    }

    it("product page: a shop's product names its merchant, a platform product has none", async () => {
      const shop = await shopWithService("salon-w@tongcheng.test", 31, "阿芳美发")
      const res = await api.get(`/admin/products/${shop.product.id}/merchant`, admin)
      expect(res.status).toBe(200)
      expect(res.data.merchant).toEqual({
        id: shop.merchant.id,
        name: "阿芳美发",
        slug: shop.merchant.slug,
        status: "approved",
        category: "beauty",
        phone: shop.merchant.phone,
      })
      // Licence data belongs on the merchant detail route only.
      expect(res.data.merchant).not.toHaveProperty("licence_code")

      // A product the operator creates directly belongs to no shop.
      const own = await api.post(
        "/admin/products",
        { title: "平台自营礼品卡", status: "draft", options: [{ title: "面值", values: ["100元"] }] },
        admin
      )
      const none = await api.get(`/admin/products/${own.data.product.id}/merchant`, admin)
      expect(none.status).toBe(200)
      expect(none.data).toEqual({ merchant: null })

      // The card follows the shop's review status.
      await api.post(`/admin/merchants/${shop.merchant.id}/suspend`, { reason: "证照过期" }, admin)
      const after = await api.get(`/admin/products/${shop.product.id}/merchant`, admin)
      expect(after.data.merchant.status).toBe("suspended")
    })

    it("order page: the merchant and its order status, from 待接单 to 已接单 and 已拒单 with the reason", async () => {
      const shop = await shopWithService("order-w@tongcheng.test", 32, "宝姐美甲")
      const orderId = await checkout(shop.product.variants[0].id)

      const res = await api.get(`/admin/orders/${orderId}/merchant`, admin)
      expect(res.status).toBe(200)
      expect(res.data.merchant).toMatchObject({ id: shop.merchant.id, name: "宝姐美甲", status: "approved" })
      expect(res.data.merchant_status).toBe("new")
      expect(res.data.merchant_status_detail).toMatchObject({ accepted_at: null, rejected_at: null, reject_reason: null })

      await api.post(`/vendor/orders/${orderId}/accept`, {}, bearer(shop.token))
      const accepted = await api.get(`/admin/orders/${orderId}/merchant`, admin)
      expect(accepted.data.merchant_status).toBe("accepted")
      expect(Date.parse(accepted.data.merchant_status_detail.accepted_at)).not.toBeNaN()

      const second = await checkout(shop.product.variants[0].id)
      await api.post(`/vendor/orders/${second}/reject`, { reason: "今日满座" }, bearer(shop.token))
      const rejected = await api.get(`/admin/orders/${second}/merchant`, admin)
      expect(rejected.data.merchant_status).toBe("rejected")
      expect(rejected.data.merchant_status_detail).toMatchObject({ reject_reason: "今日满座" })
      expect(Date.parse(rejected.data.merchant_status_detail.rejected_at)).not.toBeNaN()
    })

    it("unknown product or order ids are a 404 naming the record", async () => {
      const product = await api.get("/admin/products/prod_does_not_exist/merchant", admin).catch((e) => e.response)
      expect(product.status).toBe(404)
      expect(product.data.message).toContain("商品")
      const order = await api.get("/admin/orders/order_does_not_exist/merchant", admin).catch((e) => e.response)
      expect(order.status).toBe(404)
      expect(order.data.message).toContain("订单")
    })

    it("refuses anonymous callers and merchant logins: these are operator routes", async () => {
      const shop = await shopWithService("auth-w@tongcheng.test", 33, "小李修车")
      const orderId = await checkout(shop.product.variants[0].id)
      for (const url of [`/admin/products/${shop.product.id}/merchant`, `/admin/orders/${orderId}/merchant`]) {
        const anon = await api.get(url).catch((e) => e.response)
        expect({ url, status: anon.status }).toEqual({ url, status: 401 })
        const asShop = await api.get(url, bearer(shop.token)).catch((e) => e.response)
        expect({ url, status: asShop.status }).toEqual({ url, status: 401 })
      }
    })
  },
})
