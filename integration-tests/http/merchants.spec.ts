import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer, customerToken, merchantApplication, registerMerchantLogin } from "../helpers/merchant"

jest.setTimeout(180 * 1000)

const OPERATOR = { email: "ops@tongcheng.test", password: "ops-pass-1" }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }

    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
    })

    const store = (extra: Record<string, string> = {}) => storeHeaders(pk, extra)

    async function approvedShop(email: string, seed: number, overrides = {}) {
      const shop = await applyAsMerchant(api, email, seed, overrides)
      await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
      return shop
    }

    async function addService(token: string, title = "精致洗剪吹", price = 88) {
      const res = await api.post(
        "/vendor/products",
        { title, kind: "service", variants: [{ title: "标准", price }] },
        bearer(token)
      )
      return res.data.product
    }

    async function cartWith(variantId: string, token?: string) {
      const headers = token ? store({ authorization: `Bearer ${token}` }) : store()
      const { data } = await api.post("/store/carts", { region_id: regionId, email: "buyer@tongcheng.test" }, headers)
      await api.post(`/store/carts/${data.cart.id}/line-items`, { variant_id: variantId, quantity: 1 }, headers)
      return data.cart.id as string
    }

    async function payAndComplete(cartId: string) {
      await api.post(
        `/store/carts/${cartId}`,
        {
          shipping_address: { first_name: "小", last_name: "明", address_1: "人民大道 1 号", city: "上海", country_code: "cn", phone: "13900000000" },
        },
        store()
      )
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, store())
      await api.post(
        `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
        { provider_id: "pp_system_default" },
        store()
      )
      return api.post(`/store/carts/${cartId}/complete`, {}, store())
    }

    it("walks the whole path: apply → operator approves → service with a price → consumer orders → shop accepts and completes", async () => {
      // 1. A new shop applies and waits in review.
      const shop = await applyAsMerchant(api, "salon@tongcheng.test", 1)
      expect(shop.merchant.status).toBe("pending")
      expect(shop.member.role).toBe("owner")
      const me = await api.get("/vendor/me", bearer(shop.token))
      expect(me.data.merchant.id).toBe(shop.merchant.id)

      // Not visible to consumers while pending.
      const hidden = await api.get(`/store/merchants/${shop.merchant.id}`, store()).catch((e) => e.response)
      expect(hidden.status).toBe(404)

      // 2. The operator sees it under 待审核 and approves it.
      const pending = await api.get("/admin/merchants?status=pending", admin)
      expect(pending.data.merchants.map((m: any) => m.id)).toContain(shop.merchant.id)
      const approved = await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
      expect(approved.data.merchant.status).toBe("approved")

      // 3. The shop adds a priced service.
      const product = await addService(shop.token, "精致洗剪吹", 88)
      expect(product.variants[0].prices.find((p: any) => p.currency_code === "cny").amount).toBe(88)

      const page = await api.get(`/store/merchants/${shop.merchant.slug}`, store())
      expect(page.data.merchant.products.map((p: any) => p.title)).toContain("精致洗剪吹")
      expect(page.data.merchant).toHaveProperty("open_now")
      expect(page.data.merchant).not.toHaveProperty("licence_code")

      // 4. A consumer puts it in a cart and completes the order.
      const cartId = await cartWith(product.variants[0].id)
      const done = await payAndComplete(cartId)
      expect(done.data.type).toBe("order")
      const orderId = done.data.order.id
      expect(done.data.order.merchant.id).toBe(shop.merchant.id)
      expect(Number(done.data.order.total)).toBe(88)

      // 5. The shop sees the order, accepts it, marks it ready and completes it.
      const list = await api.get("/vendor/orders", bearer(shop.token))
      expect(list.data.orders.map((o: any) => o.id)).toEqual([orderId])
      expect(list.data.orders[0].merchant_status).toBe("new")
      for (const [action, status] of [
        ["accept", "accepted"],
        ["ready", "ready"],
        ["complete", "completed"],
      ]) {
        const r = await api.post(`/vendor/orders/${orderId}/${action}`, {}, bearer(shop.token))
        expect(r.data.order.merchant_status).toBe(status)
      }
      const final = await api.get(`/vendor/orders/${orderId}`, bearer(shop.token))
      expect(final.data.order.status).toBe("completed")
      expect(final.data.order.merchant_status_detail.accepted_at).toBeTruthy()
      expect(final.data.order.merchant_status_detail.completed_at).toBeTruthy()

      // A completed order cannot be reopened.
      const again = await api.post(`/vendor/orders/${orderId}/accept`, {}, bearer(shop.token)).catch((e) => e.response)
      expect(again.status).toBe(400)
    })

    it("rejecting an order needs a reason and cancels Medusa's order", async () => {
      const shop = await approvedShop("reject@tongcheng.test", 2)
      const product = await addService(shop.token)
      const done = await payAndComplete(await cartWith(product.variants[0].id))
      const orderId = done.data.order.id
      const noReason = await api.post(`/vendor/orders/${orderId}/reject`, {}, bearer(shop.token)).catch((e) => e.response)
      expect(noReason.status).toBe(400)
      const rejected = await api.post(`/vendor/orders/${orderId}/reject`, { reason: "今日满座" }, bearer(shop.token))
      expect(rejected.data.order.merchant_status).toBe("rejected")
      expect(rejected.data.order.merchant_status_detail.reject_reason).toBe("今日满座")
      expect(rejected.data.order.status).toBe("canceled")
    })

    it("keeps each cart to one shop and refuses a suspended shop's items", async () => {
      const a = await approvedShop("a@tongcheng.test", 3, { name: "阿芳美发" })
      const b = await approvedShop("b@tongcheng.test", 4, { name: "宝姐美甲" })
      const pa = await addService(a.token, "剪发")
      const pb = await addService(b.token, "美甲")
      // Two shops may sell a service with the same name.
      const same = await addService(b.token, "剪发")
      expect(same.handle).not.toBe(pa.handle)
      const cartId = await cartWith(pa.variants[0].id)
      const mixed = await api
        .post(`/store/carts/${cartId}/line-items`, { variant_id: pb.variants[0].id, quantity: 1 }, store())
        .catch((e) => e.response)
      expect(mixed.status).toBe(400)
      expect(mixed.data.message).toContain("阿芳美发")
      expect(mixed.data.message).toContain("宝姐美甲")
      const cart = await api.get(`/store/carts/${cartId}`, store())
      expect(cart.data.cart.items).toHaveLength(1)

      // The customer may keep a second cart for the other shop.
      const other = await cartWith(pb.variants[0].id)
      expect(other).not.toBe(cartId)

      await api.post(`/admin/merchants/${b.merchant.id}/suspend`, { reason: "证照过期" }, admin)
      const { data } = await api.post("/store/carts", { region_id: regionId }, store())
      const suspended = await api
        .post(`/store/carts/${data.cart.id}/line-items`, { variant_id: pb.variants[0].id, quantity: 1 }, store())
        .catch((e) => e.response)
      expect(suspended.status).toBe(400)
      expect(suspended.data.message).toContain("宝姐美甲")
      // The cart filled before the suspension cannot be completed either.
      const late = await payAndComplete(other).catch((e) => e.response)
      expect(late.status).toBe(400)
      expect(late.data.message).toContain("暂停营业")
    })

    it("operator review: reject needs a reason, rejected/suspended shops are hidden, reinstate brings one back", async () => {
      const shop = await applyAsMerchant(api, "review@tongcheng.test", 5)
      const noReason = await api.post(`/admin/merchants/${shop.merchant.id}/reject`, {}, admin).catch((e) => e.response)
      expect(noReason.status).toBe(400)
      const rejected = await api.post(`/admin/merchants/${shop.merchant.id}/reject`, { reason: "执照照片不清晰" }, admin)
      expect(rejected.data.merchant).toMatchObject({ status: "rejected", status_reason: "执照照片不清晰" })
      const cannotSuspend = await api
        .post(`/admin/merchants/${shop.merchant.id}/suspend`, { reason: "x" }, admin)
        .catch((e) => e.response)
      expect(cannotSuspend.status).toBe(400)

      await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
      await api.post(`/admin/merchants/${shop.merchant.id}/suspend`, { reason: "投诉核查中" }, admin)
      let list = await api.get("/store/merchants", store())
      expect(list.data.merchants.map((m: any) => m.id)).not.toContain(shop.merchant.id)
      await api.post(`/admin/merchants/${shop.merchant.id}/reinstate`, {}, admin)
      list = await api.get("/store/merchants?category=beauty&city=上海", store())
      expect(list.data.merchants.map((m: any) => m.id)).toContain(shop.merchant.id)

      const detail = await api.get(`/admin/merchants/${shop.merchant.id}`, admin)
      expect(detail.data.merchant.licence_code).toBeTruthy()
      expect(detail.data.merchant.status_events.map((e: any) => e.to_status)).toEqual([
        "approved",
        "suspended",
        "approved",
        "rejected",
        "pending",
      ])
    })

    describe("tenant isolation", () => {
      it("merchant B gets 404 for every /vendor route with merchant A's ids, and changes nothing", async () => {
        const a = await approvedShop("iso-a@tongcheng.test", 6)
        const b = await approvedShop("iso-b@tongcheng.test", 7)
        const pa = await addService(a.token, "A 的服务", 50)
        await addService(b.token, "B 的服务", 60)
        const order = await payAndComplete(await cartWith(pa.variants[0].id))
        const orderId = order.data.order.id
        const asB = bearer(b.token)

        const attempts: [string, string, any?][] = [
          ["get", `/vendor/products/${pa.id}`],
          ["post", `/vendor/products/${pa.id}`, { title: "被B改掉" }],
          ["post", `/vendor/products/${pa.id}`, { variants: [{ id: pa.variants[0].id, price: 1 }] }],
          ["delete", `/vendor/products/${pa.id}`],
          ["get", `/vendor/orders/${orderId}`],
          ["post", `/vendor/orders/${orderId}/accept`, {}],
          ["post", `/vendor/orders/${orderId}/reject`, { reason: "B 拒单" }],
          ["post", `/vendor/orders/${orderId}/ready`, {}],
          ["post", `/vendor/orders/${orderId}/complete`, {}],
        ]
        for (const [method, url, body] of attempts) {
          const res = await (method === "get" || method === "delete"
            ? (api as any)[method](url, asB)
            : (api as any)[method](url, body, asB)
          ).catch((e: any) => e.response)
          expect({ url, method, status: res.status }).toEqual({ url, method, status: 404 })
        }

        const stillA = await api.get(`/vendor/products/${pa.id}`, bearer(a.token))
        expect(stillA.data.product.title).toBe("A 的服务")
        expect(stillA.data.product.variants[0].prices[0].amount).toBe(50)
        const orderA = await api.get(`/vendor/orders/${orderId}`, bearer(a.token))
        expect(orderA.data.order.merchant_status).toBe("new")

        const listB = await api.get("/vendor/products", asB)
        expect(listB.data.products.map((p: any) => p.title)).toEqual(["B 的服务"])
        const ordersB = await api.get("/vendor/orders", asB)
        expect(ordersB.data.orders).toEqual([])
        const meB = await api.get("/vendor/me", asB)
        expect(meB.data.merchant.id).toBe(b.merchant.id)
      })

      it("refuses a merchant token on /admin, a customer token and no token on /vendor", async () => {
        const a = await approvedShop("iso-c@tongcheng.test", 8)
        const onAdmin = await api.get("/admin/merchants", bearer(a.token)).catch((e) => e.response)
        expect(onAdmin.status).toBe(401)
        const cust = await customerToken(api, pk, "cust@tongcheng.test")
        for (const url of ["/vendor/me", "/vendor/products", "/vendor/orders"]) {
          const res = await api.get(url, bearer(cust)).catch((e) => e.response)
          expect({ url, status: res.status }).toEqual({ url, status: 401 })
          const anon = await api.get(url).catch((e) => e.response)
          expect({ url, status: anon.status }).toEqual({ url, status: 401 })
        }
        // A registered login without a shop cannot use the shop routes either.
        const bare = await registerMerchantLogin(api, "noshop@tongcheng.test")
        const res = await api.get("/vendor/me", bearer(bare)).catch((e) => e.response)
        expect(res.status).toBe(401)
      })

      it("the owner invites staff, who see their shop only and cannot invite", async () => {
        const a = await approvedShop("owner@tongcheng.test", 9)
        const invite = await api.post("/vendor/members", { email: "staff@tongcheng.test", name: "小王" }, bearer(a.token))
        const staffReg = await registerMerchantLogin(api, "staff@tongcheng.test")
        const bad = await api
          .post("/vendor/invites/accept", { token: "x".repeat(32) }, bearer(staffReg))
          .catch((e) => e.response)
        expect(bad.status).toBe(404)
        await api.post("/vendor/invites/accept", { token: invite.data.invite_token }, bearer(staffReg))
        const { data } = await api.post("/auth/merchant/emailpass", { email: "staff@tongcheng.test", password: "pass-同城-123" })
        const me = await api.get("/vendor/me", bearer(data.token))
        expect(me.data).toMatchObject({ member: { role: "staff" }, merchant: { id: a.merchant.id } })
        const denied = await api
          .post("/vendor/members", { email: "x@tongcheng.test" }, bearer(data.token))
          .catch((e) => e.response)
        expect(denied.status).toBe(403)
        const reused = await api
          .post("/vendor/invites/accept", { token: invite.data.invite_token }, bearer(staffReg))
          .catch((e) => e.response)
        expect(reused.status).toBe(404)
      })
    })

    describe("bad input is a 400 naming the field, and nothing is created", () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ["licence code check digit", { licence_code: "91310000MA1FL0000X" }, "licence_code"],
        ["phone", { phone: "12345" }, "phone"],
        ["latitude out of range", { lat: 95 }, "lat"],
        ["longitude out of range", { lng: 200 }, "lng"],
        [
          "overlapping hours",
          { business_hours: { weekly: { mon: [{ open: "09:00", close: "12:00" }, { open: "11:00", close: "14:00" }] } } },
          "business_hours.weekly.mon",
        ],
        ["malformed hours", { business_hours: { weekly: { tue: [{ open: "25:00", close: "26:00" }] } } }, "business_hours.weekly.tue[0]"],
        ["unknown category", { category: "spaceships" }, "category"],
      ]
      it.each(cases)("%s", async (_label, override, field) => {
        const email = `bad-${field.replace(/\W/g, "")}@tongcheng.test`
        const token = await registerMerchantLogin(api, email)
        const res = await api
          .post("/vendor/merchants", merchantApplication(20, override), bearer(token))
          .catch((e) => e.response)
        expect(res.status).toBe(400)
        expect(res.data.message).toContain(field)
        const all = await api.get("/admin/merchants", admin)
        expect(all.data.count).toBe(0)
      })

      it("a second application from the same login is refused, and a failed one leaves no member behind", async () => {
        const token = await registerMerchantLogin(api, "twice@tongcheng.test")
        const bad = await api
          .post("/vendor/merchants", merchantApplication(21, { phone: "nope" }), bearer(token))
          .catch((e) => e.response)
        expect(bad.status).toBe(400)
        // The failed attempt rolled back: the same login can still apply.
        const ok = await api.post("/vendor/merchants", merchantApplication(21), bearer(token))
        expect(ok.status).toBe(201)
        const again = await api.post("/vendor/merchants", merchantApplication(22), bearer(token)).catch((e) => e.response)
        expect([400, 409]).toContain(again.status)
      })

      it("lets an applicant upload the licence image before the shop exists, and only images", async () => {
        const token = await registerMerchantLogin(api, "upload@tongcheng.test")
        const png = Buffer.from(
          "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
          "base64"
        ).toString("base64")
        const up = await api.post(
          "/vendor/uploads",
          { files: [{ filename: "licence.png", mime_type: "image/png", content: png }] },
          bearer(token)
        )
        expect(up.status).toBe(201)
        expect(up.data.files[0].url).toMatch(/licence\.png$/)
        const bad = await api
          .post("/vendor/uploads", { files: [{ filename: "x.exe", mime_type: "application/x-msdownload", content: png }] }, bearer(token))
          .catch((e) => e.response)
        expect(bad.status).toBe(400)
        const anon = await api
          .post("/vendor/uploads", { files: [{ filename: "a.png", mime_type: "image/png", content: png }] })
          .catch((e) => e.response)
        expect(anon.status).toBe(401)
        const res = await api.post(
          "/vendor/merchants",
          merchantApplication(24, { licence_image: up.data.files[0].url }),
          bearer(token)
        )
        expect(res.data.merchant.licence_image).toBe(up.data.files[0].url)
      })

      it("converts WGS-84 and BD-09 input to GCJ-02 on the way in", async () => {
        const wgs = await applyAsMerchant(api, "wgs@tongcheng.test", 23, { lat: 31.2304, lng: 121.4737, coord_system: "wgs84" })
        expect(wgs.merchant.lat).not.toBe(31.2304)
        expect(Math.abs(wgs.merchant.lat - 31.2285)).toBeLessThan(0.001)
        expect(Math.abs(wgs.merchant.lng - 121.4782)).toBeLessThan(0.001)
      })
    })
  },
})
