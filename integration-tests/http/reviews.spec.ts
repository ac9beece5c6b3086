import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer, customerToken } from "../helpers/merchant"
import { eventually } from "../helpers/wait"
import { payAndComplete } from "../helpers/checkout"
import { serveByVouchers, startedAgo } from "../helpers/serve"

jest.setTimeout(240 * 1000)

// A small daily limit keeps the limit test short; the module reads it when the app loads.
process.env.REVIEW_DAILY_LIMIT = "2"

const OPERATOR = { email: "ops@tongcheng.test", password: "ops-pass-1" }
const CENTER = { lat: 31.2304, lng: 121.4737 }
// 1×1 PNG
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }
    // food shop A (口味/环境/服务) with two services, beauty shop B with one
    const A: any = {}
    const B: any = {}
    const tokens: Record<"buyer" | "other" | "third", string> = {} as any
    // buyer: orderA (A, both services, completed by the shop redeeming its vouchers), pendingA (A, accepted, not served),
    // orderB (B, completed through Medusa's own order completion); other/third: one completed A order each
    const orders: Record<string, { id: string; items: any[] }> = {}

    const store = (token?: string) => storeHeaders(pk, token ? { authorization: `Bearer ${token}` } : {})
    const fail = (p: Promise<any>) => p.then((r) => ({ status: r.status, data: r.data })).catch((e) => e.response)

    async function placeOrder(token: string, variantIds: string[]) {
      const h = store(token)
      const { data } = await api.post("/store/carts", { region_id: regionId }, h)
      const cartId = data.cart.id
      for (const v of variantIds) await api.post(`/store/carts/${cartId}/line-items`, { variant_id: v, quantity: 1 }, h)
      const done = await payAndComplete(api, h, cartId)
      return { id: done.data.order.id as string, items: done.data.order.items as any[] }
    }

    /** The shop accepts the order and redeems its vouchers (one per unit): the order completes by itself. */
    async function shopCompletes(shopToken: string, orderId: string) {
      await api.post(`/vendor/orders/${orderId}/accept`, {}, bearer(shopToken))
      await serveByVouchers(api, getContainer(), orderId, shopToken)
    }

    const lineOf = (order: { items: any[] }, productId: string) => order.items.find((i) => i.product_id === productId).id

    async function review(who: keyof typeof tokens, order: { id: string; items: any[] }, productId: string, body: Record<string, unknown> = {}) {
      return api.post(
        "/store/reviews",
        { order_id: order.id, line_item_id: lineOf(order, productId), rating: 5, ...body },
        store(tokens[who])
      )
    }

    // The product's stored rating (review_product_rating), written by the same recount as the shop's.
    const productRating = async (productId: string) => {
      const { rows } = await dbConnection.raw(
        `select rating_avg, rating_count from review_product_rating where product_id = ? and deleted_at is null`,
        [productId]
      )
      return rows[0] ? { rating_avg: Number(rows[0].rating_avg), rating_count: rows[0].rating_count } : null
    }

    const listA = (params: Record<string, string | number> = {}, token?: string) =>
      api.get(`/store/merchants/${A.merchant.id}/reviews?${new URLSearchParams(params as any)}`, store(token))


    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      for (const [shop, email, seed, overrides] of [
        [A, "food-a@tongcheng.test", 301, { name: "老街小馆", category: "food", lat: 31.2312, lng: 121.4745 }],
        [B, "beauty-b@tongcheng.test", 302, { name: "剪艺沙龙", category: "beauty", lat: 31.2255, lng: 121.4702 }],
      ] as const) {
        Object.assign(shop, await applyAsMerchant(api, email, seed, overrides))
        await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
      }
      const service = async (token: string, title: string, price: number) =>
        (await api.post("/vendor/products", { title, kind: "service", variants: [{ title: "标准", price }] }, bearer(token))).data.product
      A.p1 = await service(A.token, "双人套餐", 188)
      A.p2 = await service(A.token, "招牌红烧肉", 58)
      B.p1 = await service(B.token, "洗剪吹", 88)

      tokens.buyer = await customerToken(api, pk, "buyer@tongcheng.test")
      tokens.other = await customerToken(api, pk, "other@tongcheng.test")
      tokens.third = await customerToken(api, pk, "third@tongcheng.test")

      orders.orderA = await placeOrder(tokens.buyer, [A.p1.variants[0].id, A.p2.variants[0].id])
      await shopCompletes(A.token, orders.orderA.id)
      orders.pendingA = await placeOrder(tokens.buyer, [A.p1.variants[0].id])
      await api.post(`/vendor/orders/${orders.pendingA.id}/accept`, {}, bearer(A.token))
      orders.orderB = await placeOrder(tokens.buyer, [B.p1.variants[0].id])
      await api.post(`/admin/orders/${orders.orderB.id}/complete`, {}, admin)
      orders.otherA = await placeOrder(tokens.other, [A.p1.variants[0].id])
      await shopCompletes(A.token, orders.otherA.id)
      orders.thirdA = await placeOrder(tokens.third, [A.p1.variants[0].id])
      await shopCompletes(A.token, orders.thirdA.id)
      // The nearby index follows approvals in a subscriber; let it settle before the snapshot every test starts from.
      await eventually(
        () => api.get(`/store/merchants/search?${new URLSearchParams({ ...CENTER, radius_m: 5000 } as any)}`, store()),
        (r: any) => r.data.count === 2
      )
    })

    describe("who may review", () => {
      it("refuses a customer who did not buy, an uncompleted order and an unknown line; accepts the buyer once per line", async () => {
        // Another customer cannot review the buyer's order: it is not theirs (404, not a hint that it exists).
        const stranger = await fail(review("other", orders.orderA, A.p1.id))
        expect(stranger.status).toBe(404)
        expect(stranger.data.message).toContain("只有下单的顾客可以评价")

        // The buyer's accepted-but-not-completed order is refused.
        const pending = await fail(review("buyer", orders.pendingA, A.p1.id))
        expect(pending.status).toBe(400)
        expect(pending.data.message).toContain("订单完成后才能评价")

        const noLine = await fail(
          api.post("/store/reviews", { order_id: orders.orderA.id, line_item_id: "ordli_nope", rating: 5 }, store(tokens.buyer))
        )
        expect(noLine.status).toBe(404)

        const anonymous = await fail(api.post("/store/reviews", { order_id: orders.orderA.id, line_item_id: "x", rating: 5 }, store()))
        expect(anonymous.status).toBe(401)

        // The shop completed the order: the buyer reviews it.
        const ok = await review("buyer", orders.orderA, A.p1.id, { rating: 4, text: "味道不错，上菜很快" })
        expect(ok.status).toBe(201)
        expect(ok.data.review).toEqual(
          expect.objectContaining({ rating: 4, text: "味道不错，上菜很快", merchant_id: A.merchant.id, product_id: A.p1.id, status: "visible" })
        )

        // Once per line: the second review of the same line is a conflict, even with other content.
        const again = await fail(review("buyer", orders.orderA, A.p1.id, { rating: 1 }))
        expect(again.status).toBe(409)
        expect(again.data.message).toContain("只能评价一次")
        // The other line of the same order is its own review.
        expect((await review("buyer", orders.orderA, A.p2.id)).status).toBe(201)

        // Medusa's own order completion (operator completes the order) also counts as completed.
        await dbConnection.raw(`update review set created_at = now() - interval '1 day'`)
        expect((await review("buyer", orders.orderB, B.p1.id)).status).toBe(201)

        const list = await listA()
        expect(list.data.count).toBe(2)
      })

      it("a booked service becomes reviewable when the shop completes the appointment", async () => {
        const auth = bearer(B.token)
        const chair = (await api.post("/vendor/booking/resources", { kind: "staff", name: "烫发椅", capacity: 1 }, auth)).data.resource
        const perm = (await api.post("/vendor/products", { title: "烫发", kind: "service", variants: [{ title: "标准", price: 298 }] }, auth)).data.product
        const offering = (
          await api.post(
            "/vendor/booking/offerings",
            { duration_minutes: 60, min_notice_minutes: 60, horizon_days: 14, variant_id: perm.variants[0].id, resource_ids: [chair.id] },
            auth
          )
        ).data.offering
        const day = new Date(Date.now() + 2 * 24 * 3600 * 1000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" })
        const slots = (await api.get(`/store/merchants/${B.merchant.id}/availability?offering=${offering.id}&date=${day}`, store())).data.slots
        const h = store(tokens.buyer)
        const { data } = await api.post("/store/carts", { region_id: regionId }, h)
        await api.post(`/store/carts/${data.cart.id}/appointments`, { offering_id: offering.id, start_at: slots[0].start_at }, h)
        await api.post(
          `/store/carts/${data.cart.id}`,
          { shipping_address: { first_name: "小", last_name: "明", address_1: "人民大道 1 号", city: "上海", country_code: "cn", phone: "13900000000" } },
          h
        )
        const { data: pc } = await api.post("/store/payment-collections", { cart_id: data.cart.id }, h)
        await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, h)
        const order = (await api.post(`/store/carts/${data.cart.id}/complete`, {}, h)).data.order
        const booked = { id: order.id, items: order.items }

        // Paid and confirmed, but not yet served: too early to review.
        expect((await fail(review("buyer", booked, perm.id))).status).toBe(400)

        const appt = (await api.get("/store/appointments", h)).data.appointments.find((a: any) => a.order_id === order.id)
        // 核销 and 完成 follow the clock (the slot is two days ahead): the visit is moved to have begun just now.
        await startedAgo(getContainer(), appt.id, 5)
        await api.post("/vendor/booking/check-in", { code: appt.code }, auth)
        await api.post(`/vendor/booking/appointments/${appt.id}/complete`, {}, auth)
        const ok = await review("buyer", booked, perm.id, { sub_scores: { 技术: 5 } })
        expect(ok.status).toBe(201)
        expect(ok.data.review.merchant_id).toBe(B.merchant.id)
        expect(ok.data.review.sub_scores).toEqual({ skill: 5 })
      })

      it("lists the buyer's own reviews and the completed lines still to review, not the uncompleted order", async () => {
        await review("buyer", orders.orderA, A.p1.id)
        const me = await api.get("/store/customers/me/reviews", store(tokens.buyer))
        expect(me.data.reviews.map((r: any) => r.line_item_id)).toEqual([lineOf(orders.orderA, A.p1.id)])
        const todo = me.data.to_review.map((l: any) => l.line_item_id).sort()
        expect(todo).toEqual([lineOf(orders.orderA, A.p2.id), lineOf(orders.orderB, B.p1.id)].sort())
        expect(me.data.to_review.find((l: any) => l.order_id === orders.pendingA.id)).toBeUndefined()
        expect(me.data.to_review.find((l: any) => l.order_id === orders.orderB.id).completed_by).toBe("order")
      })
    })

    describe("content rules (400, nothing written)", () => {
      it("refuses a rating outside 1–5, unknown sub-scores, text over 500 characters, links and phone numbers", async () => {
        for (const rating of [0, 6, 4.5, "5"]) {
          const r = await fail(review("buyer", orders.orderA, A.p1.id, { rating }))
          expect(r.status).toBe(400)
          expect(r.data.message).toContain("rating")
        }
        // 技术 belongs to salons, not to a food shop (口味, 环境, 服务).
        const wrongKey = await fail(review("buyer", orders.orderA, A.p1.id, { sub_scores: { 技术: 5 } }))
        expect(wrongKey.status).toBe(400)
        expect(wrongKey.data.message).toContain("sub_scores.技术")
        const badSub = await fail(review("buyer", orders.orderA, A.p1.id, { sub_scores: { 口味: 7 } }))
        expect(badSub.status).toBe(400)

        const long = await fail(review("buyer", orders.orderA, A.p1.id, { text: "好".repeat(501) }))
        expect(long.status).toBe(400)
        expect(long.data.message).toContain("500")

        for (const text of ["详情看 http://spam.example", "去 www.taobao 搜", "加我 shop123.com 有优惠", "加微信看 ｗｗｗ．ｘｘ．ｃｎ"]) {
          const r = await fail(review("buyer", orders.orderA, A.p1.id, { text }))
          expect(r.status).toBe(400)
          expect(r.data.message).toContain("网址")
        }
        for (const text of ["电话 138 0013 8000 找我", "订座 021-6234 5678", "手机+8613900001111", "热线 400-820-8820"]) {
          const r = await fail(review("buyer", orders.orderA, A.p1.id, { text }))
          expect(r.status).toBe(400)
          expect(r.data.message).toContain("电话号码")
        }

        expect((await listA()).data.count).toBe(0)
        expect((await api.get("/store/customers/me/reviews", store(tokens.buyer))).data.reviews).toEqual([])

        // Exactly 500 characters and sub-scores by Chinese name or key are fine; prices and times are not phone numbers.
        const text = "环境干净，口味正宗，人均 88 元，18:30 到店等了 10 分钟。".padEnd(500, "赞")
        const ok = await review("buyer", orders.orderA, A.p1.id, { text, sub_scores: { 口味: 5, environment: 4 } })
        expect(ok.status).toBe(201)
        expect(ok.data.review.sub_scores).toEqual({ taste: 5, environment: 4 })
        expect(ok.data.review.sub_score_labels).toBeUndefined()
        const listed = (await listA()).data.reviews[0]
        expect(listed.sub_score_labels).toEqual({ taste: "口味", environment: "环境" })
      })

      it("accepts up to 9 photos uploaded here by the author, and refuses 10, external URLs and another customer's uploads", async () => {
        const files = Array.from({ length: 9 }, (_, i) => ({ filename: `p${i}.png`, mime_type: "image/png", content: PNG }))
        const up = await api.post("/store/review-photos", { files }, store(tokens.buyer))
        expect(up.status).toBe(201)
        const urls: string[] = up.data.files.map((f: any) => f.url)
        expect(urls).toHaveLength(9)
        expect((await fail(api.post("/store/review-photos", { files }, store()))).status).toBe(401)
        const notImage = await fail(
          api.post("/store/review-photos", { files: [{ filename: "a.exe", mime_type: "application/x-msdownload", content: PNG }] }, store(tokens.buyer))
        )
        expect(notImage.status).toBe(400)

        const ten = await fail(review("buyer", orders.orderA, A.p1.id, { photos: [...urls, "http://localhost:9000/static/extra.png"] }))
        expect(ten.status).toBe(400)
        expect(ten.data.message).toContain("最多 9 张")

        const external = await fail(review("buyer", orders.orderA, A.p1.id, { photos: ["https://evil.example/p.png"] }))
        expect(external.status).toBe(400)
        expect(external.data.message).toContain("photos")

        const theirs = (await api.post("/store/review-photos", { files: files.slice(0, 1) }, store(tokens.other))).data.files[0].url
        const borrowed = await fail(review("buyer", orders.orderA, A.p1.id, { photos: [theirs] }))
        expect(borrowed.status).toBe(400)

        const ok = await review("buyer", orders.orderA, A.p1.id, { photos: urls })
        expect(ok.status).toBe(201)
        expect(ok.data.review.photos).toEqual(urls)
      })

      it("limits reviews per customer per day (REVIEW_DAILY_LIMIT=2 here)", async () => {
        expect((await review("buyer", orders.orderA, A.p1.id)).status).toBe(201)
        expect((await review("buyer", orders.orderA, A.p2.id)).status).toBe(201)
        const third = await fail(review("buyer", orders.orderB, B.p1.id))
        expect(third.status).toBe(400)
        expect(third.data.message).toContain("每天最多 2 条")
        // Another customer has their own allowance.
        expect((await review("other", orders.otherA, A.p1.id)).status).toBe(201)
        // The next day the buyer may write again.
        await dbConnection.raw(
          `update review set created_at = created_at - interval '1 day'
            where customer_id = (select customer_id from review where line_item_id = ?)`,
          [lineOf(orders.orderA, A.p1.id)]
        )
        expect((await review("buyer", orders.orderB, B.p1.id)).status).toBe(201)
      })
    })

    describe("concurrency (the database decides)", () => {
      it("the same line sent five times at once is written once; three lines at once stay within the daily limit", async () => {
        const same = await Promise.all(Array.from({ length: 5 }, () => fail(review("buyer", orders.orderA, A.p1.id))))
        expect(same.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409])

        // Three completed lines at once against a limit of 2: exactly two pass, however the requests interleave.
        await dbConnection.raw(`delete from review`)
        const lines = [
          [orders.orderA, A.p1.id],
          [orders.orderA, A.p2.id],
          [orders.orderB, B.p1.id],
        ] as const
        const raced = await Promise.all(lines.map(([o, p]) => fail(review("buyer", o, p))))
        expect(raced.filter((r) => r.status === 201)).toHaveLength(2)
        expect(raced.filter((r) => r.status === 400)).toHaveLength(1)
        const { rows } = await dbConnection.raw(`select count(*)::int as n from review`)
        expect(rows[0].n).toBe(2)

        const rev = raced.find((r) => r.status === 201).data.review
        const votes = await Promise.all(Array.from({ length: 4 }, () => fail(api.post(`/store/reviews/${rev.id}/useful`, {}, store(tokens.third)))))
        expect(votes.map((r) => r.status).sort()).toEqual([200, 409, 409, 409])
        expect(votes.find((r) => r.status === 409).data.message).toContain("已经标记过")
        const listed = (await api.get("/store/customers/me/reviews", store(tokens.buyer))).data.reviews.find((r: any) => r.id === rev.id)
        expect(listed.useful_count).toBe(1)
      })
    })

    describe("editing", () => {
      it("lets the author edit within 7 days, recounting the shop's rating; not another customer, not after 7 days", async () => {
        const created = (await review("buyer", orders.orderA, A.p1.id, { rating: 2 })).data.review
        expect(created.editable_until).toBeTruthy()
        const edited = await api.post(`/store/reviews/${created.id}`, { rating: 5, text: "二次到店，改观了" }, store(tokens.buyer))
        expect(edited.data.review).toEqual(expect.objectContaining({ rating: 5, text: "二次到店，改观了" }))
        expect(edited.data.review.edited_at).toBeTruthy()
        expect(edited.data.merchant_rating).toEqual({ rating_avg: 5, rating_count: 1 })
        expect(await productRating(A.p1.id)).toEqual({ rating_avg: 5, rating_count: 1 })

        const notMine = await fail(api.post(`/store/reviews/${created.id}`, { rating: 1 }, store(tokens.other)))
        expect(notMine.status).toBe(404)
        const badEdit = await fail(api.post(`/store/reviews/${created.id}`, { text: "加我 13800138000" }, store(tokens.buyer)))
        expect(badEdit.status).toBe(400)

        await dbConnection.raw(`update review set created_at = now() - interval '8 days' where id = ?`, [created.id])
        const late = await fail(api.post(`/store/reviews/${created.id}`, { rating: 1 }, store(tokens.buyer)))
        expect(late.status).toBe(400)
        expect(late.data.message).toContain("7 天")
        const after = (await listA()).data.reviews[0]
        expect(after.rating).toBe(5)
        expect(after.text).toBe("二次到店，改观了")
      })
    })

    describe("merchant replies", () => {
      it("the shop replies once and edits that reply; another shop can neither list nor reply", async () => {
        const rev = (await review("buyer", orders.orderA, A.p1.id)).data.review

        const foreign = await fail(api.post(`/vendor/reviews/${rev.id}/reply`, { text: "谢谢" }, bearer(B.token)))
        expect(foreign.status).toBe(404)
        expect((await api.get("/vendor/reviews", bearer(B.token))).data.reviews).toEqual([])
        expect((await fail(api.get("/vendor/reviews", bearer(tokens.buyer)))).status).toBe(401)

        const first = await api.post(`/vendor/reviews/${rev.id}/reply`, { text: "感谢光临！" }, bearer(A.token))
        expect(first.data.review.reply).toEqual(expect.objectContaining({ text: "感谢光临！", updated_at: null }))
        const second = await api.post(`/vendor/reviews/${rev.id}/reply`, { text: "感谢光临，欢迎再来！" }, bearer(A.token))
        expect(second.data.review.reply.text).toBe("感谢光临，欢迎再来！")
        expect(second.data.review.reply.replied_at).toBe(first.data.review.reply.replied_at)
        expect(second.data.review.reply.updated_at).toBeTruthy()
        expect((await fail(api.post(`/vendor/reviews/${rev.id}/reply`, { text: "  " }, bearer(A.token)))).status).toBe(400)

        const mine = await api.get("/vendor/reviews", bearer(A.token))
        expect(mine.data.reviews.map((r: any) => r.id)).toEqual([rev.id])
        expect((await api.get("/vendor/reviews?replied=false", bearer(A.token))).data.count).toBe(0)
        const pub = (await listA()).data.reviews[0]
        expect(pub.reply.text).toBe("感谢光临，欢迎再来！")
      })
    })

    describe("moderation and aggregates", () => {
      it("hiding removes a review from store lists and the ratings; restoring puts it back", async () => {
        const five = (await review("buyer", orders.orderA, A.p1.id, { rating: 5 })).data
        expect(five.merchant_rating).toEqual({ rating_avg: 5, rating_count: 1 })
        const three = (await review("other", orders.otherA, A.p1.id, { rating: 3 })).data
        const twoOf = (await review("third", orders.thirdA, A.p1.id, { rating: 4 })).data
        expect(twoOf.merchant_rating).toEqual({ rating_avg: 4, rating_count: 3 })

        const shop = async () => (await api.get(`/store/merchants/${A.merchant.id}`, store())).data.merchant
        expect(await shop()).toEqual(expect.objectContaining({ rating_avg: 4, rating_count: 3 }))
        const product = async () => (await api.get(`/store/products/${A.p1.id}/reviews`, store())).data

        const noReason = await fail(api.post(`/admin/reviews/${three.review.id}/hide`, {}, admin))
        expect(noReason.status).toBe(400)
        const hidden = await api.post(`/admin/reviews/${three.review.id}/hide`, { reason: "与消费无关的内容" }, admin)
        expect(hidden.data.review.status).toBe("hidden")
        expect(hidden.data.merchant_rating).toEqual({ rating_avg: 4.5, rating_count: 2 })
        expect((await fail(api.post(`/admin/reviews/${three.review.id}/hide`, { reason: "again" }, admin))).status).toBe(400)

        const list = await listA()
        expect(list.data.count).toBe(2)
        expect(list.data.reviews.map((r: any) => r.id)).not.toContain(three.review.id)
        expect(list.data.summary).toEqual(expect.objectContaining({ rating_avg: 4.5, rating_count: 2 }))
        expect(await shop()).toEqual(expect.objectContaining({ rating_avg: 4.5, rating_count: 2 }))
        expect((await product()).summary).toEqual(expect.objectContaining({ rating_avg: 4.5, rating_count: 2 }))
        expect(await productRating(A.p1.id)).toEqual({ rating_avg: 4.5, rating_count: 2 })
        // The author still sees it, with the reason; other customers cannot vote on it.
        const own = await api.get("/store/customers/me/reviews", store(tokens.other))
        expect(own.data.reviews[0]).toEqual(expect.objectContaining({ status: "hidden", hidden_reason: "与消费无关的内容" }))
        expect((await fail(api.post(`/store/reviews/${three.review.id}/useful`, {}, store(tokens.buyer)))).status).toBe(404)

        const queue = await api.get("/admin/reviews?status=hidden", admin)
        expect(queue.data.reviews.map((r: any) => r.id)).toEqual([three.review.id])
        expect(queue.data.reviews[0].hidden_reason).toBe("与消费无关的内容")

        const restored = await api.post(`/admin/reviews/${three.review.id}/restore`, {}, admin)
        expect(restored.data.review.status).toBe("visible")
        expect(restored.data.merchant_rating).toEqual({ rating_avg: 4, rating_count: 3 })
        expect((await listA()).data.count).toBe(3)
        expect((await product()).summary).toEqual(expect.objectContaining({ rating_avg: 4, rating_count: 3 }))
        expect(await productRating(A.p1.id)).toEqual({ rating_avg: 4, rating_count: 3 })
        expect((await product()).summary.distribution).toEqual({ "1": 0, "2": 0, "3": 1, "4": 1, "5": 1 })
        expect((await fail(api.post(`/admin/reviews/${three.review.id}/restore`, {}, admin))).status).toBe(400)

        // Operators only: a merchant or customer token is refused on /admin.
        expect((await fail(api.post(`/admin/reviews/${three.review.id}/hide`, { reason: "x" }, bearer(A.token)))).status).toBe(401)
      })

      it("pushes the shop's and the products' new ratings to nearby search (rating, min_rating, sort=rating, products)", async () => {
        const search = (params: Record<string, any>) =>
          api.get(`/store/merchants/search?${new URLSearchParams({ ...CENTER, radius_m: 5000, ...params } as any)}`, store())
        // Before any review neither shop passes min_rating=4.
        expect((await search({ min_rating: 4 })).data.hits).toEqual([])
        await review("buyer", orders.orderA, A.p1.id, { rating: 5 })
        await review("other", orders.otherA, A.p1.id, { rating: 4 })
        const res = await eventually(
          () => search({ min_rating: 4 }),
          (r: any) => r.data.hits.length === 1 && r.data.hits[0].rating === 4.5
        )
        expect(res.data.hits.map((h: any) => [h.id, h.rating, h.rating_count])).toEqual([[A.merchant.id, 4.5, 2]])
        expect((await search({ min_rating: 4.6 })).data.hits).toEqual([])
        expect((await search({ sort: "rating" })).data.hits.map((h: any) => h.id)).toEqual([A.merchant.id, B.merchant.id])

        // Each matching product carries its own rating: 双人套餐 was reviewed twice, 红烧肉 not at all.
        const reviewed = (await search({ q: "双人套餐" })).data.hits
        expect(reviewed.map((h: any) => h.id)).toEqual([A.merchant.id])
        expect(reviewed[0].products).toEqual([expect.objectContaining({ id: A.p1.id, rating: 4.5, rating_count: 2 })])
        const unrated = (await search({ q: "红烧肉" })).data.hits
        expect(unrated[0].products).toEqual([expect.objectContaining({ id: A.p2.id, rating: 0, rating_count: 0 })])
        expect(await productRating(A.p2.id)).toBeNull()
      })
    })

    describe("reports, useful votes and list filters", () => {
      it("a customer reports once; reported reviews head the operators' queue", async () => {
        const older = (await review("buyer", orders.orderA, A.p1.id)).data.review
        const newer = (await review("other", orders.otherA, A.p1.id)).data.review
        expect((await api.get("/admin/reviews", admin)).data.reviews.map((r: any) => r.id)).toEqual([newer.id, older.id])

        const rep = await api.post(`/store/reviews/${older.id}/report`, { reason: "广告" }, store(tokens.third))
        expect(rep.status).toBe(201)
        const twice = await fail(api.post(`/store/reviews/${older.id}/report`, { reason: "again" }, store(tokens.third)))
        expect(twice.status).toBe(409)
        expect(twice.data.message).toContain("已举报过")
        expect((await fail(api.post(`/store/reviews/${older.id}/report`, {}, store()))).status).toBe(401)
        expect((await fail(api.post(`/store/reviews/rev_missing/report`, {}, store(tokens.third)))).status).toBe(404)

        const queue = await api.get("/admin/reviews", admin)
        expect(queue.data.reviews.map((r: any) => r.id)).toEqual([older.id, newer.id])
        expect(queue.data.reviews[0]).toEqual(expect.objectContaining({ report_count: 1 }))
        expect(queue.data.reviews[0].reports).toEqual([expect.objectContaining({ reason: "广告" })])
        expect((await api.get("/admin/reviews?status=reported", admin)).data.reviews.map((r: any) => r.id)).toEqual([older.id])
      })

      it("counts one useful vote per customer, not the author's own, and sorts by usefulness", async () => {
        const older = (await review("buyer", orders.orderA, A.p1.id)).data.review
        const newer = (await review("other", orders.otherA, A.p1.id)).data.review
        expect((await listA()).data.reviews.map((r: any) => r.id)).toEqual([newer.id, older.id])

        const vote = await api.post(`/store/reviews/${older.id}/useful`, {}, store(tokens.third))
        expect(vote.data.useful_count).toBe(1)
        expect((await fail(api.post(`/store/reviews/${older.id}/useful`, {}, store(tokens.third)))).status).toBe(409)
        expect((await fail(api.post(`/store/reviews/${older.id}/useful`, {}, store(tokens.buyer)))).status).toBe(400)
        expect((await api.post(`/store/reviews/${older.id}/useful`, {}, store(tokens.other))).data.useful_count).toBe(2)

        const useful = await listA({ sort: "useful" })
        expect(useful.data.reviews.map((r: any) => [r.id, r.useful_count])).toEqual([
          [older.id, 2],
          [newer.id, 0],
        ])
        expect((await fail(listA({ sort: "best" }))).status).toBe(400)
      })

      it("filters by photos and rating, paginates with a count", async () => {
        const url = (await api.post("/store/review-photos", { files: [{ filename: "a.png", mime_type: "image/png", content: PNG }] }, store(tokens.buyer)))
          .data.files[0].url
        const withPhoto = (await review("buyer", orders.orderA, A.p1.id, { rating: 5, photos: [url] })).data.review
        const three = (await review("other", orders.otherA, A.p1.id, { rating: 3 })).data.review
        const four = (await review("third", orders.thirdA, A.p1.id, { rating: 4 })).data.review

        const ids = async (p: Record<string, any>) => (await listA(p)).data.reviews.map((r: any) => r.id)
        expect(await ids({ has_photos: "true" })).toEqual([withPhoto.id])
        expect(await ids({ has_photos: "false" })).toEqual([four.id, three.id])
        expect(await ids({ rating: 3 })).toEqual([three.id])
        expect(await ids({ min_rating: 4 })).toEqual([four.id, withPhoto.id])
        expect(await ids({ max_rating: 4 })).toEqual([four.id, three.id])
        const page = await listA({ limit: 1, offset: 1 })
        expect(page.data.reviews.map((r: any) => r.id)).toEqual([three.id])
        expect(page.data.count).toBe(3)
        expect(page.data.summary.with_photos).toBe(1)
        expect((await fail(listA({ rating: 6 }))).status).toBe(400)
      })
    })

    describe("anonymous reviews", () => {
      it("show 匿名用户 to everyone but the author and operators", async () => {
        const rev = (await review("buyer", orders.orderA, A.p1.id, { is_anonymous: true })).data.review
        expect(rev.author_name).toBe("小明")

        const seenBy = async (token?: string) => (await listA({}, token)).data.reviews.find((r: any) => r.id === rev.id)
        expect((await seenBy()).author_name).toBe("匿名用户")
        expect((await seenBy(tokens.other)).author_name).toBe("匿名用户")
        expect(await seenBy(tokens.other)).not.toHaveProperty("order_id")
        expect((await seenBy(tokens.buyer)).author_name).toBe("小明")
        expect((await seenBy(tokens.buyer)).is_own).toBe(true)
        const shopView = (await api.get("/vendor/reviews", bearer(A.token))).data.reviews[0]
        expect(shopView.author_name).toBe("匿名用户")
        expect(shopView).not.toHaveProperty("customer_id")
        const ops = (await api.get("/admin/reviews", admin)).data.reviews[0]
        expect(ops.author_name).toBe("小明")
        expect(ops.customer_id).toBeTruthy()

        // Turning anonymity off shows the name again.
        await api.post(`/store/reviews/${rev.id}`, { is_anonymous: false }, store(tokens.buyer))
        expect((await seenBy()).author_name).toBe("小明")
      })
    })
  },
})
