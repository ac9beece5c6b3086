import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { addDays, localDate } from "../../src/modules/booking/utils/slots"
import expireVouchers from "../../src/jobs/expire-vouchers"
import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { issueOrderVouchersStep } from "../../src/workflows/booking/steps/issue-vouchers"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { SHANGHAI_ADDRESS } from "../helpers/checkout"
import { applyAsMerchant, bearer, customerToken, merchantApplication, registerMerchantLogin } from "../helpers/merchant"

jest.setTimeout(300 * 1000)

const OPERATOR = { email: "ops@vouchers.test", password: "ops-pass-1" }
const DAY = 86_400_000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }
    let shop: { merchant: any; member: any; token: string }
    let staffToken: string // a second clerk of the same shop
    let other: { merchant: any; token: string }
    let pkg: any // 双人火锅套餐 ¥178, default rules (90 days, 随时退, 过期退)
    let strict: any // 单人套餐 ¥68, not refundable, not refunded on expiry
    let goods: any // 牛油底料 ¥39, picked up
    let booked: any // a bookable service (offering) of the same shop
    let day: string
    let buyer: string
    let stranger: string

    const store = (token?: string) => storeHeaders(pk, token ? { authorization: `Bearer ${token}` } : {})
    const booking = () => getContainer().resolve("booking") as any
    const fail = (p: Promise<any>) => p.then((r) => r, (e) => e.response)

    async function approvedShop(email: string, seed: number, overrides = {}) {
      const s = await applyAsMerchant(api, email, seed, overrides)
      await api.post(`/admin/merchants/${s.merchant.id}/approve`, {}, admin)
      return s
    }

    /**
     * A signed-in customer's checkout over the store API with the system provider: the lines, an
     * optional booked slot, pickup for goods, then pay and complete. Returns the order.
     */
    async function buy(token: string, lines: Array<[any, number]>, opts: { hold?: string; pickup?: boolean } = {}) {
      const { data } = await api.post("/store/carts", { region_id: regionId, email: "buyer@vouchers.test" }, store(token))
      const cartId = data.cart.id as string
      for (const [product, quantity] of lines) {
        await api.post(`/store/carts/${cartId}/line-items`, { variant_id: product.variants[0].id, quantity }, store(token))
      }
      if (opts.hold) await api.post(`/store/carts/${cartId}/appointments`, { offering_id: booked.id, start_at: opts.hold }, store(token))
      await api.post(`/store/carts/${cartId}`, { shipping_address: SHANGHAI_ADDRESS }, store(token))
      if (opts.pickup) {
        const { data: so } = await api.get(`/store/shipping-options?cart_id=${cartId}`, store(token))
        const pickup = so.shipping_options.find((o: any) => o.name === "到店自取")
        await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: pickup.id }, store(token))
      }
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, store(token))
      await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, store(token))
      const done = await fail(api.post(`/store/carts/${cartId}/complete`, {}, store(token)))
      if (done.status !== 200 || done.data.type !== "order") throw new Error(`complete: ${done.status} ${JSON.stringify(done.data)}`)
      return done.data.order
    }

    async function vouchersOf(orderId: string, token = buyer) {
      const { data } = await api.get(`/store/customers/me/vouchers?order_id=${orderId}`, store(token))
      return data.vouchers as any[]
    }

    async function payments(orderId: string) {
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "order",
        fields: [
          "payment_collections.payments.id",
          "payment_collections.payments.captured_at",
          "payment_collections.payments.refunds.amount",
        ],
        filters: { id: orderId },
      })
      return (data[0] as any).payment_collections.flatMap((c: any) => c.payments) as any[]
    }

    async function capture(orderId: string) {
      const [p] = await payments(orderId)
      await api.post(`/admin/payments/${p.id}/capture`, {}, admin)
    }

    const checkIn = (token: string, body: Record<string, unknown>) => fail(api.post("/vendor/booking/check-in", body, bearer(token)))

    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      shop = await approvedShop("hotpot@vouchers.test", 51, { name: "老码头火锅", category: "food" })
      other = await approvedShop("other@vouchers.test", 52, { name: "隔壁烧烤", category: "food" })
      const invite = await api.post("/vendor/members", { email: "clerk@vouchers.test", name: "小王" }, bearer(shop.token))
      const reg = await registerMerchantLogin(api, "clerk@vouchers.test")
      await api.post("/vendor/invites/accept", { token: invite.data.invite_token }, bearer(reg))
      staffToken = (await api.post("/auth/merchant/emailpass", { email: "clerk@vouchers.test", password: "pass-同城-123" })).data.token

      const auth = bearer(shop.token)
      pkg = (await api.post("/vendor/products", { title: "双人火锅套餐", kind: "service", variants: [{ title: "标准", price: 178 }] }, auth)).data.product
      strict = (
        await api.post(
          "/vendor/products",
          { title: "单人套餐", kind: "service", variants: [{ title: "标准", price: 68 }], voucher_refundable: false, voucher_refund_on_expiry: false, voucher_valid_days: 30 },
          auth
        )
      ).data.product
      goods = (await api.post("/vendor/products", { title: "牛油底料", kind: "goods", variants: [{ title: "500g", price: 39, stock: 10 }] }, auth)).data.product
      const haircut = (await api.post("/vendor/products", { title: "包间预订", kind: "service", variants: [{ title: "标准", price: 50 }] }, auth)).data.product
      const room = (await api.post("/vendor/booking/resources", { kind: "room", name: "大包间", capacity: 1 }, auth)).data.resource
      booked = (
        await api.post(
          "/vendor/booking/offerings",
          { variant_id: haircut.variants[0].id, resource_ids: [room.id], duration_minutes: 60, min_notice_minutes: 60, horizon_days: 14 },
          auth
        )
      ).data.offering
      // A day whose evening before closes by midnight (WEEKDAYS[(d + 6) % 7] is the day before), so 14:00 is inside opening hours.
      const weekly = (merchantApplication(51) as any).business_hours.weekly as Record<string, { open: string; close: string }[]>
      const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
      day = addDays(localDate(Date.now(), "Asia/Shanghai"), 2)
      while ((weekly[WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7]] ?? []).some((h) => h.close <= h.open)) {
        day = addDays(day, 1)
      }
      buyer = await customerToken(api, pk, "buyer@vouchers.test")
      stranger = await customerToken(api, pk, "stranger@vouchers.test")
    })

    it("the shop sets a product's voucher rules; bad values are refused in Chinese first and the rest of metadata is kept", async () => {
      expect(pkg.metadata).toMatchObject({ kind: "service", merchant_id: shop.merchant.id })
      expect(strict.metadata).toMatchObject({ voucher_refundable: false, voucher_refund_on_expiry: false, voucher_valid_days: 30 })
      const auth = bearer(shop.token)
      const zero = await fail(api.post("/vendor/products", { title: "x", kind: "service", variants: [{ title: "a", price: 1 }], voucher_valid_days: 0 }, auth))
      expect([zero.status, zero.data.message]).toEqual([400, expect.stringContaining("voucher_valid_days: 团购券有效期为 1 到 3650 天")])
      const tooLong = await fail(api.post(`/vendor/products/${pkg.id}`, { voucher_valid_days: 3651 }, auth))
      expect([tooLong.status, tooLong.data.message]).toEqual([400, expect.stringContaining("voucher_valid_days: 团购券有效期")])
      const onGoods = await fail(api.post("/vendor/products", { title: "x", kind: "goods", variants: [{ title: "a", price: 1 }], voucher_refundable: false }, auth))
      expect([onGoods.status, onGoods.data.message]).toEqual([400, expect.stringContaining("团购券规则只适用于服务类商品")])

      const updated = await api.post(`/vendor/products/${strict.id}`, { voucher_valid_days: 60 }, auth)
      expect(updated.data.product.metadata).toEqual({
        kind: "service",
        merchant_id: shop.merchant.id,
        voucher_valid_days: 60,
        voucher_refundable: false,
        voucher_refund_on_expiry: false,
      })
      await api.post(`/vendor/products/${strict.id}`, { voucher_valid_days: 30 }, auth)
    })

    it("a package bought ×2 beside goods and a booking gets two vouchers with distinct 12-digit codes, seen only by its customer and its shop", async () => {
      const order = await buy(buyer, [[pkg, 2], [goods, 1]], { hold: new Date(`${day}T14:00:00+08:00`).toISOString(), pickup: true })
      const vouchers = await vouchersOf(order.id)
      expect(vouchers).toHaveLength(2)
      // One per unit of the package only: the booked line has its appointment, the goods are picked up.
      expect(vouchers.map((v) => v.variant_id)).toEqual([pkg.variants[0].id, pkg.variants[0].id])
      const [a, b] = vouchers
      expect(a.code).toMatch(/^[1-9]\d{11}$/)
      expect(b.code).toMatch(/^[1-9]\d{11}$/)
      expect(a.code).not.toBe(b.code)
      expect(a.qr_payload).toMatch(/^TCV1\.vch_/)
      expect(a).toMatchObject({
        type: "voucher",
        status: "unused",
        status_label: "未使用",
        merchant_name: "老码头火锅",
        order_id: order.id,
        title: "双人火锅套餐 · 标准",
        unit_price: 178,
        paid_amount: 178,
        actions: ["refund"],
      })
      // Valid for the 90 default days, to the end of the shop's local day.
      const left = new Date(a.expires_at).getTime() - Date.now()
      expect(left).toBeGreaterThan(90 * DAY)
      expect(left).toBeLessThanOrEqual(91 * DAY)
      const appts = (await api.get("/store/appointments", store(buyer))).data.appointments
      expect(appts.filter((x: any) => x.order_id === order.id)).toHaveLength(1)

      // Another customer sees none and cannot refund one (404, as if it did not exist).
      expect(await vouchersOf(order.id, stranger)).toEqual([])
      const theirs = await fail(api.post(`/store/vouchers/${a.id}/refund`, {}, store(stranger)))
      expect([theirs.status, theirs.data.message]).toEqual([404, expect.stringContaining("团购券")])
      const anonymous = await fail(api.get(`/store/customers/me/vouchers`, store()))
      expect(anonymous.status).toBe(401)

      // The shop lists its vouchers of the order, without codes; another shop sees nothing.
      const mine = await api.get(`/vendor/booking/vouchers?order_id=${order.id}`, bearer(shop.token))
      expect(mine.data.vouchers.map((v: any) => v.id)).toEqual([a.id, b.id])
      expect(mine.data.vouchers[0]).not.toHaveProperty("code")
      expect(mine.data.vouchers[0]).not.toHaveProperty("qr_payload")
      expect(mine.data.vouchers[0].actions).toEqual(["redeem"])
      const theirShop = await api.get(`/vendor/booking/vouchers?order_id=${order.id}`, bearer(other.token))
      expect(theirShop.data).toMatchObject({ vouchers: [], count: 0 })
    })

    it("issuing is undone when checkout fails after it, and a retried issue returns the order's vouchers instead of new ones", async () => {
      const order = await buy(buyer, [[pkg, 2]])
      const first = await vouchersOf(order.id)
      // Retried step: the same two vouchers, none added.
      const retry = createWorkflow("test-voucher-issue-retry", (input: { order_id: string }) => new WorkflowResponse(issueOrderVouchersStep(input)))
      const { result: again } = await retry(getContainer()).run({ input: { order_id: order.id } })
      expect(again.map((v: any) => v.id)).toEqual(first.map((v) => v.id))
      expect(await vouchersOf(order.id)).toHaveLength(2)

      // As if the order had none yet, a run that fails after issuing leaves none behind.
      await booking().softDeleteBookingVouchers(first.map((v) => v.id))
      const boom = createStep("test-voucher-boom", async () => {
        throw new Error("a later checkout step failed")
      })
      const failing = createWorkflow("test-voucher-issue-then-fail", (input: { order_id: string }) => {
        const made = issueOrderVouchersStep(input)
        boom()
        return new WorkflowResponse(made)
      })
      const { errors } = await failing(getContainer()).run({ input: { order_id: order.id }, throwOnError: false })
      expect(errors.map((e: any) => e.error?.message)).toEqual(["a later checkout step failed"])
      expect(await vouchersOf(order.id)).toEqual([])
      const { result: issued } = await retry(getContainer()).run({ input: { order_id: order.id } })
      expect(issued).toHaveLength(2)
      expect((await vouchersOf(order.id)).map((v) => [v.id, v.status])).toEqual(issued.map((v: any) => [v.id, "unused"]))
    })

    it("核销 by code and by QR once each; reuse, forged QR, another shop's clerk and refunding a redeemed voucher are refused", async () => {
      const order = await buy(buyer, [[pkg, 2]])
      const [a, b] = await vouchersOf(order.id)

      const otherShop = await checkIn(other.token, { code: a.code })
      expect([otherShop.status, otherShop.data.message]).toEqual([400, expect.stringContaining("团购券码无效")])

      const byCode = await checkIn(shop.token, { code: a.code })
      expect(byCode.status).toBe(200)
      expect(byCode.data).toMatchObject({ type: "voucher", voucher: { id: a.id, status: "redeemed", redeemed_by: shop.member.id } })
      const again = await checkIn(shop.token, { code: a.code })
      expect([again.status, again.data.message]).toEqual([409, expect.stringContaining("核销过")])

      const forged = await checkIn(shop.token, { qr: b.qr_payload.slice(0, -3) + "AAA" })
      expect([forged.status, forged.data.message]).toEqual([400, expect.stringContaining("团购券码无效")])
      const byQr = await checkIn(staffToken, { qr: b.qr_payload })
      expect(byQr.data).toMatchObject({ type: "voucher", voucher: { id: b.id, status: "redeemed" } })
      const qrAgain = await checkIn(shop.token, { qr: b.qr_payload })
      expect([qrAgain.status, qrAgain.data.message]).toEqual([409, expect.stringContaining("核销过")])

      const refund = await fail(api.post(`/store/vouchers/${a.id}/refund`, {}, store(buyer)))
      expect([refund.status, refund.data.message]).toEqual([400, expect.stringContaining("团购券已核销，不能退款")])
      const after = await vouchersOf(order.id)
      expect(after.map((v) => [v.status, v.actions, v.qr_payload])).toEqual([
        ["redeemed", [], null],
        ["redeemed", [], null],
      ])

      // The redemption log (核销记录) has every attempt on these vouchers, never a full code.
      const log = (await api.get("/vendor/booking/redemptions", bearer(shop.token))).data.attempts as any[]
      const onThese = log.filter((x) => [a.id, b.id].includes(x.voucher_id))
      expect(onThese.map((x) => x.result).sort()).toEqual(["ok", "ok", "reused", "reused"])
      expect(log.some((x) => x.result === "wrong" && x.voucher_id === null)).toBe(true)
      expect(JSON.stringify(log)).not.toContain(a.code)
      // An 8-digit code is still an appointment's.
      const appt = await checkIn(shop.token, { code: "12345678" })
      expect([appt.status, appt.data.message]).toEqual([400, expect.stringContaining("核销码无效")])
    })

    it("a rejected or cancelled order takes its unused vouchers with it (money back with the order), and that can be undone", async () => {
      const order = await buy(buyer, [[pkg, 2]])
      const [a, b] = await vouchersOf(order.id)
      await checkIn(shop.token, { code: a.code })
      const ids = await booking().voidOrderVouchers({ order_id: order.id, reason: "店家拒单" })
      expect(ids).toEqual([b.id])
      const after = await vouchersOf(order.id)
      expect(after.map((v) => [v.status, v.actions])).toEqual([
        ["redeemed", []],
        ["refunded", []],
      ])
      expect(after[1].refund).toEqual({ by: "order", reason: "店家拒单", amount: 178, refund_status: "with_order" })
      const gone = await checkIn(shop.token, { code: b.code })
      expect([gone.status, gone.data.message]).toEqual([400, expect.stringContaining("团购券已退款")])
      await booking().restoreOrderVouchers(ids)
      expect((await vouchersOf(order.id)).map((v) => [v.status, v.refund])).toEqual([
        ["redeemed", null],
        ["unused", null],
      ])
    })

    it("the same code redeemed by two clerks at once: exactly one 200 and one 409", async () => {
      const order = await buy(buyer, [[pkg, 1]])
      const [v] = await vouchersOf(order.id)
      const results = await Promise.all([checkIn(shop.token, { code: v.code }), checkIn(staffToken, { code: v.code })])
      expect(results.map((r) => r.status).sort()).toEqual([200, 409])
      expect(results.find((r) => r.status === 409)!.data.message).toContain("核销过")
      const [row] = await booking().listBookingVouchers({ id: v.id })
      expect(row.status).toBe("redeemed")
    })

    it("a customer refunds an unused voucher: its paid price from captured money, not_captured before capture; a non-refundable product refuses", async () => {
      // Paid with the system provider, the payment is only authorised: no money has been taken yet.
      const authorised = await buy(buyer, [[pkg, 1]])
      expect((await payments(authorised.id)).map((p) => p.captured_at)).toEqual([null])
      const [u] = await vouchersOf(authorised.id)
      const early = await api.post(`/store/vouchers/${u.id}/refund`, { reason: "计划有变" }, store(buyer))
      expect(early.data.voucher).toMatchObject({
        status: "refunded",
        actions: [],
        refund: { by: "customer", reason: "计划有变", amount: 178, refund_status: "not_captured", refunded_amount: 0, refunds: [] },
      })
      expect((await payments(authorised.id))[0].refunds).toEqual([])

      const captured = await buy(buyer, [[pkg, 2]])
      await capture(captured.id)
      const [c1, c2] = await vouchersOf(captured.id)
      const done = await api.post(`/store/vouchers/${c1.id}/refund`, {}, store(buyer))
      expect(done.data.voucher).toMatchObject({ status: "refunded", refund: { refund_status: "refunded", refunded_amount: 178 } })
      expect((await payments(captured.id))[0].refunds.map((r: any) => Number(r.amount))).toEqual([178])
      const twice = await fail(api.post(`/store/vouchers/${c1.id}/refund`, {}, store(buyer)))
      expect([twice.status, twice.data.message]).toEqual([400, expect.stringContaining("团购券已退款")])
      // The refunded one cannot be redeemed; the other one still can.
      const redeemRefunded = await checkIn(shop.token, { code: c1.code })
      expect([redeemRefunded.status, redeemRefunded.data.message]).toEqual([400, expect.stringContaining("团购券已退款")])
      expect((await vouchersOf(captured.id)).map((v) => [v.id, v.status])).toEqual([
        [c1.id, "refunded"],
        [c2.id, "unused"],
      ])
      expect((await payments(captured.id))[0].refunds).toHaveLength(1)

      const noRefund = await buy(buyer, [[strict, 1]])
      const [s] = await vouchersOf(noRefund.id)
      expect(s).toMatchObject({ actions: [], rules: { refundable: false, refund_on_expiry: false } })
      const refused = await fail(api.post(`/store/vouchers/${s.id}/refund`, {}, store(buyer)))
      expect([refused.status, refused.data.message]).toEqual([400, expect.stringContaining("该团购券不支持退款")])
      const left = new Date(s.expires_at).getTime() - Date.now()
      expect(left).toBeGreaterThan(30 * DAY)
      expect(left).toBeLessThanOrEqual(31 * DAY)
    })

    it("the hourly job expires overdue vouchers, refunding those whose product says 过期退, and a second run changes nothing", async () => {
      const order = await buy(buyer, [[pkg, 1], [strict, 1]])
      await capture(order.id)
      const vouchers = await vouchersOf(order.id)
      const refundOnExpiry = vouchers.find((v) => v.product_id === pkg.id)
      const keep = vouchers.find((v) => v.product_id === strict.id)
      const past = new Date(Date.now() - 60_000)
      await booking().updateBookingVouchers([
        { id: refundOnExpiry.id, expires_at: past },
        { id: keep.id, expires_at: past },
      ])

      // Past its time it already reads as expired, and can be neither redeemed nor refunded.
      expect((await vouchersOf(order.id)).map((v) => [v.status, v.actions])).toEqual([
        ["expired", []],
        ["expired", []],
      ])
      const late = await checkIn(shop.token, { code: refundOnExpiry.code })
      expect([late.status, late.data.message]).toEqual([400, expect.stringContaining("已过期")])
      const lateRefund = await fail(api.post(`/store/vouchers/${refundOnExpiry.id}/refund`, {}, store(buyer)))
      expect([lateRefund.status, lateRefund.data.message]).toEqual([400, expect.stringContaining("已过期")])

      const first = await expireVouchers(getContainer())
      expect(first).toEqual({ expired: 1, refunded: 1, failed: 0 })
      const rows = await booking().listBookingVouchers({ order_id: order.id })
      const byId = new Map(rows.map((r: any) => [r.id, r]))
      expect(byId.get(refundOnExpiry.id)).toMatchObject({
        status: "refunded",
        refund: { by: "expiry", amount: 178, refund_status: "refunded", refunded_amount: 178 },
      })
      expect(byId.get(keep.id)).toMatchObject({ status: "expired", refund: null })
      expect((await payments(order.id))[0].refunds.map((r: any) => Number(r.amount))).toEqual([178])
      const shown = await vouchersOf(order.id)
      expect(shown.find((v) => v.id === refundOnExpiry.id).status_label).toBe("已退款（过期自动退）")

      const second = await expireVouchers(getContainer())
      expect(second).toEqual({ expired: 0, refunded: 0, failed: 0 })
      expect((await payments(order.id))[0].refunds).toHaveLength(1)
      const again = await booking().listBookingVouchers({ order_id: order.id })
      expect(again.map((r: any) => [r.id, r.status, String(r.updated_at)]).sort()).toEqual(
        rows.map((r: any) => [r.id, r.status, String(r.updated_at)]).sort()
      )
    })
  },
})
