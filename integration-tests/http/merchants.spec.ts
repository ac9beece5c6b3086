import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { addDays, localDate } from "../../src/modules/booking/utils/slots"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { payAndComplete as checkout } from "../helpers/checkout"
import { applyAsMerchant, bearer, customerToken, loginMerchant, merchantApplication, registerMerchantLogin } from "../helpers/merchant"
import { unusedVoucherCodes } from "../helpers/serve"
import { routeFiles } from "../helpers/route-files"

jest.setTimeout(180 * 1000)

const OPERATOR = { email: "ops@tongcheng.test", password: "ops-pass-1" }

/** Every /vendor route with its methods, so a route added later cannot be left out of the isolation matrix below. */
const vendorRoutes = () => routeFiles("vendor")

/** A fake image of about `bytes` bytes (the server checks the declared type and the size, not pixels). */
const imageOf = (bytes: number) =>
  Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(bytes - 8, 7)]).toString("base64")

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

    async function cartWith(variantId: string, token?: string, quantity = 1) {
      const headers = token ? store({ authorization: `Bearer ${token}` }) : store()
      const { data } = await api.post("/store/carts", { region_id: regionId, email: "buyer@tongcheng.test" }, headers)
      await api.post(`/store/carts/${data.cart.id}/line-items`, { variant_id: variantId, quantity }, headers)
      return data.cart.id as string
    }

    /** Medusa's payment status of an order as the operator's admin shows it (Paid/Outstanding follow it). */
    const paymentStatus = async (orderId: string) => (await api.get(`/admin/orders/${orderId}?fields=id,payment_status`, admin)).data.order.payment_status

    /** Pays with the system provider and completes; goods pass `shipping` (到店自取), as the storefront does. */
    function payAndComplete(cartId: string, token?: string, opts: { shipping?: "到店自取" } = {}) {
      return checkout(api, token ? store({ authorization: `Bearer ${token}` }) : store(), cartId, opts)
    }

    it("walks the whole path: apply → operator approves → service with a price → consumer orders → shop accepts and redeems the vouchers → the order completes by itself", async () => {
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

      // 4. A signed-in consumer buys it for two people (no booking) and completes the order: one voucher per unit.
      const buyer = await customerToken(api, pk, "walk-buyer@tongcheng.test")
      const cartId = await cartWith(product.variants[0].id, buyer, 2)
      const done = await payAndComplete(cartId, buyer)
      expect(done.data.type).toBe("order")
      const orderId = done.data.order.id
      expect(done.data.order.merchant.id).toBe(shop.merchant.id)
      expect(Number(done.data.order.total)).toBe(176)
      const vouchers = async () =>
        (await api.get(`/store/customers/me/vouchers?order_id=${orderId}`, store({ authorization: `Bearer ${buyer}` }))).data.vouchers
      const mine = await vouchers()
      expect(mine.map((v: any) => [v.status, v.paid_amount, /^\d{12}$/.test(v.code)])).toEqual([
        ["unused", 88, true],
        ["unused", 88, true],
      ])

      // 5. The shop sees the order. A service order is not handed over with buttons: it may be accepted or
      // rejected, and its vouchers are redeemed at the counter.
      const auth = bearer(shop.token)
      const orderNow = async () => (await api.get(`/vendor/orders/${orderId}`, auth)).data.order
      const list = await api.get("/vendor/orders", auth)
      expect(list.data.orders.map((o: any) => o.id)).toEqual([orderId])
      expect(list.data.orders[0]).toMatchObject({ merchant_status: "new", actions: ["accept", "reject"] })
      // Each answer also says where the order may go next, which is what a clerk's buttons offer.
      expect(list.data.orders[0].merchant_next_statuses).toEqual(["accepted", "rejected"])
      expect(list.data.orders[0].vouchers.map((v: any) => v.status)).toEqual(["unused", "unused"])
      const notReady = await api.post(`/vendor/orders/${orderId}/ready`, {}, auth).catch((e) => e.response)
      expect([notReady.status, notReady.data.message]).toEqual([400, expect.stringContaining("订单当前为「待接单」，不能备好；可进行：接单、拒单")])

      const accepted = await api.post(`/vendor/orders/${orderId}/accept`, {}, auth)
      expect(accepted.data.order).toMatchObject({ merchant_status: "accepted", actions: ["reject"], merchant_next_statuses: ["rejected"] })
      const pressed = await api.post(`/vendor/orders/${orderId}/complete`, {}, auth).catch((e) => e.response)
      expect([pressed.status, pressed.data.message]).toEqual([400, expect.stringContaining("订单当前为「已接单」，不能完成；可进行：拒单")])

      // The customer shows the first code at the counter; the clerk redeems it. Once a unit was served the
      // shop can no longer reject: that is an after-sales refund.
      const [first, second] = mine
      const one = await api.post("/vendor/booking/check-in", { code: first.code }, auth)
      expect(one.data).toMatchObject({ type: "voucher", voucher: { id: first.id, status: "redeemed" } })
      expect(one.data.voucher).not.toHaveProperty("code")
      expect(await orderNow()).toMatchObject({ merchant_status: "accepted", status: "pending", actions: [], merchant_next_statuses: [] })
      const late = await api.post(`/vendor/orders/${orderId}/reject`, { reason: "今日满座" }, auth).catch((e) => e.response)
      expect([late.status, late.data.message]).toEqual([400, expect.stringContaining("已核销或已服务的订单不能拒单")])

      // The second code: every voucher is redeemed, and the order completes by itself — the shop's status,
      // Medusa's order, the payment captured; the customer sees both vouchers 已核销.
      await api.post("/vendor/booking/check-in", { code: second.code }, auth)
      const final = await orderNow()
      expect(final).toMatchObject({ merchant_status: "completed", status: "completed", actions: [], merchant_next_statuses: [] })
      expect(await paymentStatus(orderId)).toBe("captured")
      expect(final.vouchers.map((v: any) => v.status)).toEqual(["redeemed", "redeemed"])
      expect(final.merchant_status_detail.accepted_at).toBeTruthy()
      expect(final.merchant_status_detail.completed_at).toBeTruthy()
      expect((await vouchers()).map((v: any) => [v.status, v.status_label, v.actions])).toEqual([
        ["redeemed", "已核销", []],
        ["redeemed", "已核销", []],
      ])

      // A completed order cannot be reopened, nor rejected.
      const again = await api.post(`/vendor/orders/${orderId}/accept`, {}, auth).catch((e) => e.response)
      expect(again.status).toBe(400)
      const rejectDone = await api.post(`/vendor/orders/${orderId}/reject`, { reason: "x" }, auth).catch((e) => e.response)
      expect([rejectDone.status, rejectDone.data.message]).toEqual([400, expect.stringContaining("订单当前为「已完成」，不能拒单")])
    })

    it("goods are handed over with buttons: accept → ready → complete, reject offered until then, Medusa's order completed with the payment captured", async () => {
      const shop = await approvedShop("goods-walk@tongcheng.test", 18, { category: "food" })
      const auth = bearer(shop.token)
      const { data } = await api.post(
        "/vendor/products",
        { title: "手工牛轧糖", kind: "goods", variants: [{ title: "250g", price: 38, stock: 5 }] },
        auth
      )
      const variantId = data.product.variants[0].id
      const buy = async () => {
        const done = await payAndComplete(await cartWith(variantId), undefined, { shipping: "到店自取" })
        expect(done.data.type).toBe("order")
        return done.data.order.id as string
      }
      const orderId = await buy()
      // Goods carry no vouchers: they are picked up, not redeemed.
      expect(await unusedVoucherCodes(getContainer(), orderId)).toEqual([])

      const listed = (await api.get("/vendor/orders", auth)).data.orders.find((o: any) => o.id === orderId)
      expect(listed).toMatchObject({ merchant_status: "new", actions: ["accept", "reject"], merchant_next_statuses: ["accepted", "rejected"], vouchers: [] })
      const early = await api.post(`/vendor/orders/${orderId}/complete`, {}, auth).catch((e) => e.response)
      expect([early.status, early.data.message]).toEqual([400, expect.stringContaining("订单当前为「待接单」，不能完成")])
      for (const [action, status, actions, next] of [
        ["accept", "accepted", ["reject", "ready", "complete"], ["rejected", "ready", "completed"]],
        ["ready", "ready", ["reject", "complete"], ["rejected", "completed"]],
        ["complete", "completed", [], []],
      ] as const) {
        const r = await api.post(`/vendor/orders/${orderId}/${action}`, {}, auth)
        expect({ action, ...r.data.order }).toMatchObject({ action, merchant_status: status, actions, merchant_next_statuses: next })
      }
      const final = (await api.get(`/vendor/orders/${orderId}`, auth)).data.order
      expect(final.status).toBe("completed")
      expect(await paymentStatus(orderId)).toBe("captured")
      expect(final.merchant_status_detail).toMatchObject({ accepted_at: expect.any(String), ready_at: expect.any(String), completed_at: expect.any(String) })
      const twice = await api.post(`/vendor/orders/${orderId}/complete`, {}, auth).catch((e) => e.response)
      expect(twice.status).toBe(400)

      // A second order, accepted and readied, is still refused with a reason: Medusa's order is canceled.
      const other = await buy()
      await api.post(`/vendor/orders/${other}/accept`, {}, auth)
      await api.post(`/vendor/orders/${other}/ready`, {}, auth)
      const rejected = await api.post(`/vendor/orders/${other}/reject`, { reason: "货品受潮，不能出售" }, auth)
      expect(rejected.data.order).toMatchObject({ merchant_status: "rejected", status: "canceled", actions: [], merchant_next_statuses: [] })
      expect(rejected.data.order.merchant_status_detail.reject_reason).toBe("货品受潮，不能出售")
    })

    it("rejecting an order needs a reason and cancels Medusa's order", async () => {
      const shop = await approvedShop("reject@tongcheng.test", 2)
      const product = await addService(shop.token)
      const done = await payAndComplete(await cartWith(product.variants[0].id))
      const orderId = done.data.order.id
      const noReason = await api.post(`/vendor/orders/${orderId}/reject`, {}, bearer(shop.token)).catch((e) => e.response)
      expect(noReason.status).toBe(400)
      expect(noReason.data.message).toContain("reason: 请填写拒单原因，最多 500 字")
      const blank = await api.post(`/vendor/orders/${orderId}/reject`, { reason: "   " }, bearer(shop.token)).catch((e) => e.response)
      expect(blank.status).toBe(400)
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

    it("an emptied cart takes another shop's item (the storefront keeps one cart id); a filled one still refuses it", async () => {
      const a = await approvedShop("relink-a@tongcheng.test", 10, { name: "阿芳美发" })
      const b = await approvedShop("relink-b@tongcheng.test", 11, { name: "宝姐美甲" })
      const pa = await addService(a.token, "剪发")
      const pb = await addService(b.token, "美甲", 120)
      const cartId = await cartWith(pa.variants[0].id)
      const addB = () =>
        api.post(`/store/carts/${cartId}/line-items`, { variant_id: pb.variants[0].id, quantity: 1 }, store()).catch((e) => e.response)

      const mixed = await addB()
      expect(mixed.status).toBe(400)
      expect(mixed.data.message).toContain("阿芳美发")
      expect(mixed.data.message).toContain("宝姐美甲")

      const { data } = await api.get(`/store/carts/${cartId}`, store())
      await api.delete(`/store/carts/${cartId}/line-items/${data.cart.items[0].id}`, store())
      const added = await addB()
      expect(added.status).toBe(200)
      expect(added.data.cart.items.map((i: any) => i.variant_id)).toEqual([pb.variants[0].id])
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: carts } = await query.graph({ entity: "cart", fields: ["id", "merchant.id"], filters: { id: cartId } })
      expect((carts[0] as any).merchant.id).toBe(b.merchant.id)

      // Now it is B's cart: A's item is the one refused, and the order is B's.
      const backToA = await api
        .post(`/store/carts/${cartId}/line-items`, { variant_id: pa.variants[0].id, quantity: 1 }, store())
        .catch((e) => e.response)
      expect(backToA.status).toBe(400)
      const done = await payAndComplete(cartId)
      expect(done.data.order.merchant.id).toBe(b.merchant.id)
      expect((await api.get("/vendor/orders", bearer(b.token))).data.orders.map((o: any) => o.id)).toEqual([done.data.order.id])
      expect((await api.get("/vendor/orders", bearer(a.token))).data.orders).toEqual([])
    })

    it("a shop's products reach the storefront only while it is approved: pending, approved, suspended, reinstated", async () => {
      const shop = await applyAsMerchant(api, "visible@tongcheng.test", 12, { name: "待审小店" })
      const product = await addService(shop.token, "开业前录入的服务")
      const seen = async () => {
        const list = await api.get("/store/products?limit=100", store())
        const one = await api.get(`/store/products/${product.id}`, store()).catch((e) => e.response)
        const { data } = await api.post("/store/carts", { region_id: regionId }, store())
        const add = await api
          .post(`/store/carts/${data.cart.id}/line-items`, { variant_id: product.variants[0].id, quantity: 1 }, store())
          .catch((e) => e.response)
        return { listed: list.data.products.some((p: any) => p.id === product.id), detail: one.status, add: add.status }
      }
      const hidden = { listed: false, detail: 404, add: 400 }
      const shown = { listed: true, detail: 200, add: 200 }
      expect(await seen()).toEqual(hidden)

      await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
      expect(await seen()).toEqual(shown)
      // A product added while approved is on the storefront at once.
      const later = await addService(shop.token, "开业后的服务")
      expect((await api.get(`/store/products/${later.id}`, store())).status).toBe(200)

      await api.post(`/admin/merchants/${shop.merchant.id}/suspend`, { reason: "卫生检查" }, admin)
      expect(await seen()).toEqual(hidden)
      expect((await api.get(`/store/products/${later.id}`, store()).catch((e) => e.response)).status).toBe(404)

      await api.post(`/admin/merchants/${shop.merchant.id}/reinstate`, {}, admin)
      expect(await seen()).toEqual(shown)
    })

    it("accept and reject racing on one order: exactly one wins, the other gets a 409, Medusa's order follows the winner", async () => {
      const shop = await approvedShop("race@tongcheng.test", 13)
      const product = await addService(shop.token)
      const orderId = (await payAndComplete(await cartWith(product.variants[0].id))).data.order.id
      // Both requests read the order as 待接单 before either writes: the decision is left to the database.
      const merchants = getContainer().resolve("merchant") as any
      const read = merchants.listMerchantOrderStates.bind(merchants)
      let arrived = 0
      let bothRead!: () => void
      const gate = new Promise<void>((r) => (bothRead = r))
      const spy = jest.spyOn(merchants, "listMerchantOrderStates").mockImplementation(async (...args: any[]) => {
        const rows = await read(...args)
        if (arrived < 2 && (args[0] as any)?.order_id === orderId && args[2]?.transactionManager) {
          if (++arrived === 2) bothRead()
          await gate
        }
        return rows
      })
      const [accept, reject] = await Promise.all([
        api.post(`/vendor/orders/${orderId}/accept`, {}, bearer(shop.token)).catch((e) => e.response),
        api.post(`/vendor/orders/${orderId}/reject`, { reason: "今日满座" }, bearer(shop.token)).catch((e) => e.response),
      ]).finally(() => spy.mockRestore())
      expect([accept.status, reject.status].sort()).toEqual([200, 409])
      const loser = accept.status === 409 ? accept : reject
      expect(loser.data.message).toContain("订单状态已被其他操作修改")

      const final = (await api.get(`/vendor/orders/${orderId}`, bearer(shop.token))).data.order
      if (accept.status === 200) {
        expect([final.merchant_status, final.status]).toEqual(["accepted", "pending"])
        expect(final.merchant_status_detail.rejected_at).toBeNull()
      } else {
        expect([final.merchant_status, final.status]).toEqual(["rejected", "canceled"])
        expect(final.merchant_status_detail.accepted_at).toBeNull()
      }
    })

    it("two review decisions on one shop at once: the status write is conditional, one stands and the other is a 409", async () => {
      // The admin route serialises a shop's status changes with a lock as well; this checks the module's
      // own guarantee for any caller, with both decisions judged against the same pending status.
      const shop = await applyAsMerchant(api, "review-race@tongcheng.test", 14)
      const merchants = getContainer().resolve("merchant") as any
      const read = merchants.listMerchants.bind(merchants)
      let arrived = 0
      let bothRead!: () => void
      const gate = new Promise<void>((r) => (bothRead = r))
      const spy = jest.spyOn(merchants, "listMerchants").mockImplementation(async (...args: any[]) => {
        const rows = await read(...args)
        if (arrived < 2 && (args[0] as any)?.id === shop.merchant.id && args[2]?.transactionManager) {
          if (++arrived === 2) bothRead()
          await gate
        }
        return rows
      })
      const outcomes = await Promise.allSettled([
        merchants.transitionMerchantStatus({ id: shop.merchant.id, to: "approved", from: ["pending", "rejected"] }),
        merchants.transitionMerchantStatus({ id: shop.merchant.id, to: "rejected", reason: "资料不全" }),
      ]).finally(() => spy.mockRestore())
      const won = outcomes.filter((o) => o.status === "fulfilled") as PromiseFulfilledResult<any>[]
      const lost = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[]
      expect([won.length, lost.length]).toEqual([1, 1])
      expect(lost[0].reason.statusCode).toBe(409)
      expect(lost[0].reason.message).toContain("商家状态已被其他操作修改")
      const detail = (await api.get(`/admin/merchants/${shop.merchant.id}`, admin)).data.merchant
      expect(detail.status).toBe(won[0].value.merchant.status)
      // One review decision recorded after the application itself.
      expect(detail.status_events.map((e: any) => e.to_status)).toEqual([detail.status, "pending"])
    })

    it("the shop edits profile, hours, time zone, location and photos; bad input names the field and changes nothing", async () => {
      const shop = await approvedShop("profile@tongcheng.test", 15)
      const auth = bearer(shop.token)
      const edit = (body: any) => api.post("/vendor/merchant", body, auth).catch((e) => e.response)

      const profile = await edit({ name: "新店名美发", description: "新的介绍", phone: "13912345678" })
      expect(profile.status).toBe(200)
      expect(profile.data.merchant).toMatchObject({ name: "新店名美发", description: "新的介绍" })
      expect(profile.data.merchant.phone).toContain("13912345678")

      // The time zone alone: the saved hours stay as they are.
      const tz = await edit({ timezone: "Asia/Urumqi" })
      expect(tz.status).toBe(200)
      expect(tz.data.merchant.timezone).toBe("Asia/Urumqi")
      expect(tz.data.merchant.business_hours.weekly.fri).toEqual([{ open: "10:00", close: "02:00" }])
      // New hours without a time zone keep the shop's zone.
      const hours = await edit({ business_hours: { weekly: { mon: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "18:00" }] } } })
      expect(hours.status).toBe(200)
      expect(hours.data.merchant.timezone).toBe("Asia/Urumqi")
      expect(hours.data.merchant.business_hours.weekly.mon).toHaveLength(2)
      // New hours replace the old ones: the days left out are closed now, not kept from before.
      expect(hours.data.merchant.business_hours.weekly.fri).toBeUndefined()
      expect(Object.keys((await api.get("/vendor/me", auth)).data.merchant.business_hours.weekly)).toEqual(["mon"])

      // Location in WGS-84 is stored in GCJ-02.
      const moved = await edit({ lat: 31.2304, lng: 121.4737, coord_system: "wgs84" })
      expect(Math.abs(moved.data.merchant.lat - 31.2285)).toBeLessThan(0.001)
      expect(Math.abs(moved.data.merchant.lng - 121.4782)).toBeLessThan(0.001)

      const up = await api.post("/vendor/uploads", { files: [{ filename: "door.png", mime_type: "image/png", content: imageOf(2048) }] }, auth)
      const photos = await edit({ photos: [up.data.files[0].url], logo: up.data.files[0].url })
      expect(photos.data.merchant.photos).toEqual([up.data.files[0].url])
      const page = await api.get(`/store/merchants/${shop.merchant.id}`, store())
      expect(page.data.merchant).toMatchObject({ name: "新店名美发", timezone: "Asia/Urumqi", photos: [up.data.files[0].url] })

      const bad: [any, string][] = [
        [{ phone: "12345" }, "phone"],
        [{ lat: 95, lng: 121.4 }, "lat"],
        [{ lat: 31.2 }, "lng"],
        [{ timezone: "Mars/Olympus" }, "timezone"],
        [{ business_hours: { weekly: { tue: [{ open: "25:00", close: "26:00" }] } } }, "business_hours.weekly.tue[0]"],
        [{ name: "  " }, "name"],
        [{ licence_code: "91310000MA1FL0000X" }, "licence_code"],
        [{ photos: "not-a-list" }, "photos"],
      ]
      for (const [body, field] of bad) {
        const r = await edit(body)
        expect({ body, status: r.status, named: String(r.data.message).includes(field) }).toEqual({ body, status: 400, named: true })
      }
      const me = (await api.get("/vendor/me", auth)).data.merchant
      expect(me).toMatchObject({ name: "新店名美发", timezone: "Asia/Urumqi", licence_code: shop.merchant.licence_code })
      expect(Math.abs(me.lat - 31.2285)).toBeLessThan(0.001)
      await getContainer().resolve(Modules.FILE).deleteFiles([up.data.files[0].id])
    })

    it("the operator extends the category list and a shop applies under the new category; duplicates and bad input are 400", async () => {
      const add = (body: any) => api.post("/admin/merchant-categories", body, admin).catch((e) => e.response)
      const created = await add({ slug: "laundry", name_zh: "洗衣洗鞋", name_en: "Laundry", rank: 80 })
      expect(created.status).toBe(201)
      expect(created.data.category).toMatchObject({ slug: "laundry", name_zh: "洗衣洗鞋", is_active: true })
      const twice = await add({ slug: "laundry", name_zh: "洗衣", name_en: "Laundry again" })
      expect([twice.status, twice.data.message.includes("slug")]).toEqual([400, true])
      const badSlug = await add({ slug: "Bad Slug", name_zh: "坏", name_en: "Bad" })
      expect([badSlug.status, badSlug.data.message.includes("slug")]).toEqual([400, true])
      const noName = await add({ slug: "tailor", name_en: "Tailor" })
      expect([noName.status, noName.data.message.includes("name_zh")]).toEqual([400, true])

      const listed = await api.get("/store/merchant-categories", store())
      expect(listed.data.categories.map((c: any) => c.slug)).toContain("laundry")
      expect(listed.data.categories.map((c: any) => c.slug)).not.toContain("tailor")
      const shop = await applyAsMerchant(api, "laundry@tongcheng.test", 16, { category: "laundry" })
      expect(shop.merchant.category).toBe("laundry")
    })

    it("goods are stocked at the shop's location; the shop updates stock and a cart cannot take more than is there", async () => {
      const shop = await approvedShop("goods@tongcheng.test", 17, { category: "food" })
      const auth = bearer(shop.token)
      const created = await api.post(
        "/vendor/products",
        { title: "手工牛轧糖", kind: "goods", variants: [{ title: "250g", price: 38, stock: 5 }] },
        auth
      )
      const product = created.data.product
      const stockOf = (p: any) => p.variants[0].inventory_items[0].inventory.location_levels[0].stocked_quantity
      expect(stockOf(product)).toBe(5)
      const variantId = product.variants[0].id

      const updated = await api.post(`/vendor/products/${product.id}`, { variants: [{ id: variantId, stock: 12 }] }, auth)
      expect(stockOf(updated.data.product)).toBe(12)
      const negative = await api
        .post(`/vendor/products/${product.id}`, { variants: [{ id: variantId, stock: -1 }] }, auth)
        .catch((e) => e.response)
      expect([negative.status, negative.data.message.includes("stock")]).toEqual([400, true])
      expect(stockOf((await api.get(`/vendor/products/${product.id}`, auth)).data.product)).toBe(12)

      const { data } = await api.post("/store/carts", { region_id: regionId }, store())
      const tooMany = await api
        .post(`/store/carts/${data.cart.id}/line-items`, { variant_id: variantId, quantity: 13 }, store())
        .catch((e) => e.response)
      expect(tooMany.status).toBe(400)
      const enough = await api.post(`/store/carts/${data.cart.id}/line-items`, { variant_id: variantId, quantity: 12 }, store())
      expect(enough.data.cart.items[0].quantity).toBe(12)
    })

    it("operator review: reject needs a reason, rejected/suspended shops are hidden, reinstate brings one back", async () => {
      const shop = await applyAsMerchant(api, "review@tongcheng.test", 5)
      const noReason = await api.post(`/admin/merchants/${shop.merchant.id}/reject`, {}, admin).catch((e) => e.response)
      expect(noReason.status).toBe(400)
      expect(noReason.data.message).toContain("reason: 请填写原因，最多 500 字")
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
      it("matrix over every /vendor route: B with A's ids gets 404 and changes nothing, B's lists never show A's rows, a customer token is refused", async () => {
        const a = await approvedShop("iso-a@tongcheng.test", 6)
        const b = await approvedShop("iso-b@tongcheng.test", 7)
        const pa = await addService(a.token, "A 的服务", 50)
        await addService(b.token, "B 的服务", 60)
        const order = await payAndComplete(await cartWith(pa.variants[0].id))
        const orderId = order.data.order.id
        // A's service was sold without a booking: the order carries a voucher (团购券).
        const [voucherCode] = await unusedVoucherCodes(getContainer(), orderId)
        const [voucher] = await (getContainer().resolve("booking") as any).listBookingVouchers({ order_id: orderId })
        const asA = bearer(a.token)
        const asB = bearer(b.token)

        // A's booking setup: a resource, an offering on it, a closure and a confirmed appointment.
        const day = addDays(localDate(Date.now(), "Asia/Shanghai"), 2)
        const res = (await api.post("/vendor/booking/resources", { name: "A 的椅子", capacity: 2 }, asA)).data.resource
        const off = (
          await api.post("/vendor/booking/offerings", { variant_id: pa.variants[0].id, duration_minutes: 60, resource_ids: [res.id] }, asA)
        ).data.offering
        const clo = (
          await api.post("/vendor/booking/closures", { resource_id: res.id, starts_at: `${day}T12:00:00+08:00`, ends_at: `${day}T13:00:00+08:00`, reason: "A 休息" }, asA)
        ).data.closure
        const start = new Date(`${day}T10:00:00+08:00`)
        const end = new Date(start.getTime() + 3_600_000)
        const [appt] = await (getContainer().resolve("booking") as any).createBookingAppointments([
          {
            merchant_id: a.merchant.id, offering_id: off.id, resource_id: res.id, resource_capacity: 2, status: "confirmed",
            party_size: 1, seats: 1, start_at: start, end_at: end, occupied_from: start, occupied_to: end,
            code: "86421357", confirmed_at: new Date(),
          },
        ])
        const bRes = (await api.post("/vendor/booking/resources", { name: "B 的椅子" }, asB)).data.resource

        type Call = [method: "get" | "post" | "delete", url: string, body?: any, status?: number]
        const P = `/vendor/products/${pa.id}`
        const O = `/vendor/orders/${orderId}`
        const R = `/vendor/booking/resources/${res.id}`
        const F = `/vendor/booking/offerings/${off.id}`
        const C = `/vendor/booking/closures/${clo.id}`
        const A = `/vendor/booking/appointments/${appt.id}`
        // What B tries with A's ids; 404 unless noted (a body that names A's rows in B's own shop is a 400).
        const foreign: Record<string, Call[]> = {
          "GET /vendor/products/:id": [["get", P]],
          "POST /vendor/products/:id": [["post", P, { title: "被B改掉" }], ["post", P, { variants: [{ id: pa.variants[0].id, price: 1 }] }]],
          "DELETE /vendor/products/:id": [["delete", P]],
          "GET /vendor/orders/:id": [["get", O]],
          "POST /vendor/orders/:id/:action": [
            ["post", `${O}/accept`, {}], ["post", `${O}/reject`, { reason: "B 拒单" }], ["post", `${O}/ready`, {}], ["post", `${O}/complete`, {}],
          ],
          "GET /vendor/booking/resources/:id": [["get", R]],
          "POST /vendor/booking/resources/:id": [["post", R, { capacity: 9 }]],
          "DELETE /vendor/booking/resources/:id": [["delete", R]],
          "GET /vendor/booking/offerings/:id": [["get", F]],
          "POST /vendor/booking/offerings/:id": [["post", F, { duration_minutes: 30 }]],
          "DELETE /vendor/booking/offerings/:id": [["delete", F]],
          "GET /vendor/booking/closures/:id": [["get", C]],
          "POST /vendor/booking/closures/:id": [["post", C, { reason: "B 改的" }]],
          "DELETE /vendor/booking/closures/:id": [["delete", C]],
          "GET /vendor/booking/appointments/:id": [["get", A]],
          "POST /vendor/booking/appointments/:id/:action": [["post", `${A}/complete`, {}], ["post", `${A}/no-show`, {}]],
          "GET /vendor/booking/calendar": [["get", `/vendor/booking/calendar?date=${day}&resource_id=${res.id}`]],
          "POST /vendor/booking/check-in": [
            ["post", "/vendor/booking/check-in", { code: "86421357" }, 400],
            ["post", "/vendor/booking/check-in", { code: voucherCode }, 400],
          ],
          "POST /vendor/booking/offerings": [
            ["post", "/vendor/booking/offerings", { variant_id: pa.variants[0].id, duration_minutes: 30, resource_ids: [bRes.id] }, 400],
          ],
          "POST /vendor/booking/closures": [
            ["post", "/vendor/booking/closures", { resource_id: res.id, starts_at: `${day}T08:00:00+08:00`, ends_at: `${day}T09:00:00+08:00` }],
          ],
        }
        // Lists B reads: none of A's ids may appear in them.
        const lists: Record<string, string> = {
          "GET /vendor/products": "/vendor/products",
          "GET /vendor/orders": "/vendor/orders",
          "GET /vendor/booking/resources": "/vendor/booking/resources",
          "GET /vendor/booking/offerings": "/vendor/booking/offerings",
          "GET /vendor/booking/closures": "/vendor/booking/closures",
          "GET /vendor/booking/redemptions": "/vendor/booking/redemptions",
          "GET /vendor/booking/vouchers": "/vendor/booking/vouchers",
          "GET /vendor/coupons": "/vendor/coupons",
          "GET /vendor/reviews": "/vendor/reviews",
          "GET /vendor/members": "/vendor/members",
          "GET /vendor/me": "/vendor/me",
        }
        // Routes that take no id of another shop: they act on the caller's own shop or login.
        const own: Record<string, string> = {
          "POST /vendor/merchants": "applies for a new shop with a login that has none",
          "POST /vendor/invites/accept": "joins the shop named by a secret invite token",
          "POST /vendor/merchant": "edits the caller's own shop",
          "POST /vendor/uploads": "files under the caller's own shop",
          "POST /vendor/products": "creates in the caller's own shop",
          "POST /vendor/booking/resources": "creates in the caller's own shop",
          "POST /vendor/members": "invites into the caller's own shop",
          "POST /vendor/coupons": "creates in the caller's own shop",
          "GET /vendor/coupons/:id": "another shop's coupon by id: coupons.spec.ts",
          "POST /vendor/coupons/:id": "another shop's coupon by id: coupons.spec.ts",
          "POST /vendor/reviews/:id/reply": "another shop's review by id: reviews.spec.ts",
        }
        const covered = [...Object.keys(foreign), ...Object.keys(lists), ...Object.keys(own)].sort()
        expect(covered).toEqual(vendorRoutes())

        const send = (method: string, url: string, body: any, headers: any) =>
          (method === "get" || method === "delete" ? (api as any)[method](url, headers) : (api as any)[method](url, body, headers)).catch(
            (e: any) => e.response
          )
        for (const [route, calls] of Object.entries(foreign)) {
          for (const [method, url, body, status = 404] of calls) {
            const r = await send(method, url, body, asB)
            expect({ route, url, status: r.status }).toEqual({ route, url, status })
          }
        }
        const aIds = [pa.id, orderId, res.id, off.id, clo.id, appt.id, voucher.id, a.merchant.id, a.member.id]
        for (const [route, url] of Object.entries(lists)) {
          const r = await api.get(url, asB)
          const leaked = aIds.filter((id) => JSON.stringify(r.data).includes(id))
          expect({ route, leaked }).toEqual({ route, leaked: [] })
        }
        const cal = await api.get(`/vendor/booking/calendar?date=${day}`, asB)
        expect(cal.data.calendar.resources.map((r: any) => r.id)).toEqual([bRes.id])

        // Nothing of A's changed.
        const stillA = await api.get(P, asA)
        expect(stillA.data.product.title).toBe("A 的服务")
        expect(stillA.data.product.variants[0].prices[0].amount).toBe(50)
        const orderA = await api.get(O, asA)
        expect([orderA.data.order.merchant_status, orderA.data.order.status]).toEqual(["new", "pending"])
        expect(orderA.data.order.vouchers).toEqual([{ id: voucher.id, status: "unused" }])
        expect((await api.get(R, asA)).data.resource.capacity).toBe(2)
        expect((await api.get(F, asA)).data.offering.duration_minutes).toBe(60)
        expect((await api.get(C, asA)).data.closure.reason).toBe("A 休息")
        expect((await api.get(A, asA)).data.appointment.status).toBe("confirmed")
        expect((await api.get("/vendor/booking/closures", asA)).data.closures.map((c: any) => c.id)).toEqual([clo.id])
        expect((await api.get("/vendor/booking/redemptions", asA)).data.attempts).toEqual([])

        // A customer login, and no login at all, are refused on every /vendor route.
        const cust = await customerToken(api, pk, "iso-cust@tongcheng.test")
        for (const route of vendorRoutes()) {
          const [method, pattern] = route.split(" ")
          const url = pattern.replace(/:action/, "accept").replace(/:\w+/g, "x_1")
          const withCustomer = await send(method.toLowerCase(), url, {}, bearer(cust))
          const anonymous = await send(method.toLowerCase(), url, {}, {})
          expect({ route, customer: withCustomer.status, anonymous: anonymous.status }).toEqual({ route, customer: 401, anonymous: 401 })
        }
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
        const png = imageOf(64)
        const up = await api.post(
          "/vendor/uploads",
          { files: [{ filename: "door.png", mime_type: "image/png", content: png }] },
          bearer(token)
        )
        expect(up.status).toBe(201)
        expect(up.data.files[0].url).toMatch(/door\.png$/)
        const bad = await api
          .post("/vendor/uploads", { files: [{ filename: "x.exe", mime_type: "application/x-msdownload", content: png }] }, bearer(token))
          .catch((e) => e.response)
        expect([bad.status, bad.data.message.includes("mime_type")]).toEqual([400, true])
        const anon = await api
          .post("/vendor/uploads", { files: [{ filename: "a.png", mime_type: "image/png", content: png }] })
          .catch((e) => e.response)
        expect(anon.status).toBe(401)
        await getContainer().resolve(Modules.FILE).deleteFiles([up.data.files[0].id])
      })

      it("takes photos well over 100 kB up to 5 MB each and refuses a bigger one with a clear message", async () => {
        const token = await registerMerchantLogin(api, "big-upload@tongcheng.test")
        const photo = imageOf(300 * 1024)
        const ok = await api.post(
          "/vendor/uploads",
          { files: [{ filename: "hall.png", mime_type: "image/png", content: photo }, { filename: "menu.png", mime_type: "image/png", content: photo }] },
          bearer(token)
        )
        expect(ok.status).toBe(201)
        expect(ok.data.files).toHaveLength(2)
        const served = await api.get(new URL(ok.data.files[0].url).pathname, { responseType: "arraybuffer" })
        expect(Buffer.from(served.data).equals(Buffer.from(photo, "base64"))).toBe(true)

        const huge = await api
          .post("/vendor/uploads", { files: [{ filename: "huge.png", mime_type: "image/png", content: imageOf(6 * 1024 * 1024) }] }, bearer(token))
          .catch((e) => e.response)
        expect(huge.status).toBe(400)
        expect(huge.data.message).toContain("files[0].content")
        expect(huge.data.message).toContain("5 MB")
        const ten = await api
          .post("/vendor/uploads", { files: Array.from({ length: 10 }, () => ({ mime_type: "image/png", content: imageOf(64) })) }, bearer(token))
          .catch((e) => e.response)
        expect([ten.status, ten.data.message.includes("files")]).toEqual([400, true])
        await getContainer().resolve(Modules.FILE).deleteFiles(ok.data.files.map((f: any) => f.id))
      })

      it("stores a licence scan private: its id goes into the application and only an operator can see it", async () => {
        const token = await registerMerchantLogin(api, "licence@tongcheng.test")
        const scan = imageOf(150 * 1024)
        const up = await api.post(
          "/vendor/uploads",
          { purpose: "licence", files: [{ filename: "licence.png", mime_type: "image/png", content: scan }] },
          bearer(token)
        )
        expect(up.status).toBe(201)
        const file = up.data.files[0]
        expect(file).toMatchObject({ access: "private", url: null })

        // Another applicant cannot put this scan into their own application.
        const thief = await registerMerchantLogin(api, "thief@tongcheng.test")
        const stolen = await api
          .post("/vendor/merchants", merchantApplication(25, { licence_image: file.id }), bearer(thief))
          .catch((e) => e.response)
        expect([stolen.status, stolen.data.message.includes("licence_image")]).toEqual([400, true])

        const applied = await api.post("/vendor/merchants", merchantApplication(24, { licence_image: file.id }), bearer(token))
        const id = applied.data.merchant.id
        const detail = await api.get(`/admin/merchants/${id}`, admin)
        expect(detail.data.merchant.licence_image).toBe(`/admin/merchants/${id}/licence-image`)
        const image = await api.get(detail.data.merchant.licence_image, { ...admin, responseType: "arraybuffer" })
        expect(image.headers["content-type"]).toContain("image/png")
        expect(Buffer.from(image.data).equals(Buffer.from(scan, "base64"))).toBe(true)

        const asShop = await api.get(`/admin/merchants/${id}/licence-image`, bearer(await loginMerchant(api, "licence@tongcheng.test"))).catch((e) => e.response)
        expect(asShop.status).toBe(401)
        const anonymous = await api.get(`/admin/merchants/${id}/licence-image`).catch((e) => e.response)
        expect(anonymous.status).toBe(401)
        await api.post(`/admin/merchants/${id}/approve`, {}, admin)
        const page = await api.get(`/store/merchants/${id}`, store())
        expect(JSON.stringify(page.data)).not.toContain("licence")
        await getContainer().resolve(Modules.FILE).deleteFiles([file.id])
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
