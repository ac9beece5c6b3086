import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { addDays, localDate } from "../../src/modules/booking/utils/slots"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { shopWithServices } from "../helpers/merchant"
import { ALIPAY, WECHAT, aliNotify, gw, useGatewayDouble, wxCallback, wxTransaction } from "../helpers/pay-gateway"

jest.setTimeout(600 * 1000)

const OPERATOR = { email: "ops-race@tongcheng.test", password: "ops-pass-1" }
const CARTS = 30
const NOTIFY_COPIES = 5

/**
 * The storefront's "complete" and the gateway's paid notification for the same cart arriving together
 * (and the gateway resending at the same moment) must make exactly one order, refund nothing, and tell
 * every caller about that order. Before the per-cart lock some of these runs placed the order and then
 * refunded the customer, or told a paying customer "Cannot create multiple links".
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let shop: { merchant: any; token: string }
    let admin: { headers: Record<string, string> }
    let therapyOffering: string
    let day: string
    const variants: Record<string, string> = {}
    const store = () => storeHeaders(pk)

    useGatewayDouble()
    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      await api.post(`/admin/regions/${regionId}`, { payment_providers: ["pp_system_default", WECHAT, ALIPAY] }, admin)
      // A many-seat room, so that thirty carts can each hold a booking at the same hour.
      const made = await shopWithServices(api, admin, {
        email: "race-shop@tongcheng.test",
        seed: 43,
        prices: { p19: 19.99, p128: 128 },
        booked: { key: "p128", room: "大厅", capacity: 200, step: 60 },
      })
      shop = made.shop
      therapyOffering = made.offering.id
      Object.assign(variants, made.variants)
      day = addDays(localDate(Date.now(), "Asia/Shanghai"), 2)
    })

    /** Every second cart books a slot; the others buy a plain service. */
    async function paidCart(i: number, provider: string) {
      const email = `race-${i}@tongcheng.test`
      const { data } = await api.post("/store/carts", { region_id: regionId, email }, store())
      const cartId = data.cart.id as string
      let fen = 1999
      if (i % 2) {
        await api.post(`/store/carts/${cartId}/appointments`, { offering_id: therapyOffering, start_at: new Date(`${day}T15:00:00+08:00`).toISOString() }, store())
        fen = 12800
      } else {
        await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variants.p19, quantity: 1 }, store())
      }
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, store())
      const pcId = pc.payment_collection.id as string
      const res = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: provider }, store())
      const s = res.data.payment_collection.payment_sessions.find((x: any) => x.provider_id === provider)
      gw.pay(s.data.out_trade_no)
      return { cartId, pcId, email, session: s as { id: string; data: Record<string, any> }, fen, provider }
    }

    type PaidCart = Awaited<ReturnType<typeof paidCart>>
    const notify = (c: PaidCart) => {
      const no = c.session.data.out_trade_no
      if (c.provider === WECHAT) {
        const cb = wxCallback(wxTransaction(no, c.fen, c.session.id, { attach: gw.wx.trades.get(no)!.body.attach }))
        return api.post("/hooks/wechatpay", cb.body, { headers: cb.headers }).catch((e) => e.response)
      }
      const fields = aliNotify(no, (c.fen / 100).toFixed(2), { body: gw.ali.trades.get(no)!.biz.body ?? "" })
      return api
        .post("/hooks/alipay", new URLSearchParams(fields).toString(), {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          transformResponse: (x) => x,
        })
        .catch((e) => e.response)
    }
    const complete = (cartId: string) => api.post(`/store/carts/${cartId}/complete`, {}, store()).catch((e) => e.response)

    /** What the gateway double paid back on a trade, in fen. */
    const gatewayRefunded = (no: string) =>
      [...gw.wx.refunds.values()].filter((r) => r.out_trade_no === no).reduce((s, r) => s + r.refund, 0) + (gw.ali.trades.get(no)?.refunded ?? 0)

    /** The orders a cart became, with their shop link, shop state, payments, captures and refunds. */
    async function ordersOf(cartId: string) {
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: links } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      const ids = links.map((l: any) => l.order_id)
      if (!ids.length) return []
      const { data } = await query.graph({
        entity: "order",
        fields: ["id", "merchant.id", "payment_collections.payments.id", "payment_collections.payments.captures.id", "payment_collections.payments.refunds.id"],
        filters: { id: ids },
      })
      const states = await (getContainer().resolve("merchant") as any).listMerchantOrderStates({ order_id: ids })
      // Medusa computes payment_status when it retrieves an order: what the admin shows.
      const paymentStatus = async (id: string) => (await api.get(`/admin/orders/${id}?fields=payment_status`, admin)).data.order.payment_status
      return Promise.all((data as any[]).map(async (o) => ({
        id: o.id,
        payment_status: await paymentStatus(o.id),
        merchant_id: o.merchant?.id,
        state: states.find((s: any) => s.order_id === o.id)?.status,
        payments: o.payment_collections.flatMap((pc: any) => pc.payments).map((p: any) => ({ captures: p.captures.length, refunds: p.refunds.length })),
      })))
    }

    it(`${CARTS} carts: the storefront's complete and ${NOTIFY_COPIES} copies of the paid notification at once make one order each, refund nothing, and every caller gets the order`, async () => {
      const carts: PaidCart[] = []
      for (let i = 0; i < CARTS; i++) carts.push(await paidCart(i, i % 3 === 0 ? ALIPAY : WECHAT))
      // Three carts at a time: eighteen requests in flight, all on the same few carts.
      for (let i = 0; i < carts.length; i += 3) {
        const group = carts.slice(i, i + 3)
        const answers = await Promise.all(
          group.map(async (c) => {
            const [done, ...notified] = await Promise.all([complete(c.cartId), ...Array.from({ length: NOTIFY_COPIES }, () => notify(c))])
            return { c, done, notified }
          })
        )
        for (const { c, done, notified } of answers) {
          const label = `${c.provider} cart ${c.cartId}`
          expect([label, done.status, done.data.type]).toEqual([label, 200, "order"])
          for (const n of notified) {
            expect([label, n.status, c.provider === WECHAT ? n.data.code : n.data]).toEqual([label, 200, c.provider === WECHAT ? "SUCCESS" : "success"])
          }
          const orders = await ordersOf(c.cartId)
          expect([label, orders]).toEqual([
            label,
            [{ id: done.data.order.id, payment_status: "captured", merchant_id: shop.merchant.id, state: "new", payments: [{ captures: 1, refunds: 0 }] }],
          ])
          expect([label, gatewayRefunded(c.session.data.out_trade_no)]).toEqual([label, 0])
        }
      }
      // Each booked cart confirmed exactly its one appointment.
      const booking = getContainer().resolve("booking") as any
      const booked = carts.filter((_, i) => i % 2)
      const appts = await booking.listBookingAppointments({ cart_id: booked.map((c) => c.cartId) })
      expect(appts.map((a: any) => a.status).sort()).toEqual(booked.map(() => "confirmed"))
    })

    it("paid and then another provider picked: refused, and the complete plus notifications racing still make one order and keep no money without it", async () => {
      const carts = [await paidCart(100, WECHAT), await paidCart(101, ALIPAY), await paidCart(102, WECHAT)]
      for (const c of carts) {
        const other = c.provider === WECHAT ? ALIPAY : WECHAT
        const switched = await api
          .post(`/store/payment-collections/${c.pcId}/payment-sessions`, { provider_id: other }, store())
          .catch((e) => e.response)
        expect(switched.status).toBe(400)
        expect(switched.data.message).toMatch(/已付款/)
      }
      const answers = await Promise.all(carts.map(async (c) => ({ c, all: await Promise.all([complete(c.cartId), notify(c), notify(c), notify(c)]) })))
      for (const { c, all } of answers) {
        const [done, ...notified] = all
        expect(done.data.type).toBe("order")
        expect(notified.map((n) => n.status)).toEqual([200, 200, 200])
        const orders = await ordersOf(c.cartId)
        expect(orders.map((o) => [o.id, o.state, o.payments])).toEqual([[done.data.order.id, "new", [{ captures: 1, refunds: 0 }]]])
        expect(gatewayRefunded(c.session.data.out_trade_no)).toBe(0)
      }
    })

    it("paid on a session Medusa dropped, with the storefront completing at the same moment: no order, the money refunded exactly once", async () => {
      const payments = getContainer().resolve("payment") as any
      const carts: PaidCart[] = []
      for (const [i, provider] of [[200, WECHAT], [201, ALIPAY]] as const) {
        const c = await paidCart(i, provider)
        // The trade was opened, the session dropped behind the gateway's back, then the customer paid.
        const no = c.session.data.out_trade_no
        if (provider === WECHAT) gw.wx.trades.get(no)!.trade_state = "NOTPAY"
        else gw.ali.trades.get(no)!.status = "WAIT_BUYER_PAY"
        await payments.deletePaymentSession(c.session.id)
        gw.pay(no)
        carts.push(c)
      }
      const answers = await Promise.all(carts.map(async (c) => ({ c, all: await Promise.all([complete(c.cartId), notify(c), notify(c), notify(c)]) })))
      for (const { c, all } of answers) {
        const [done, ...notified] = all
        // The cart has no payment session left to complete with: a clear refusal, no order.
        expect([done.status, done.data.type === "order"]).toEqual([400, false])
        expect(notified.map((n) => n.status)).toEqual([200, 200, 200])
        expect(await ordersOf(c.cartId)).toEqual([])
        // Money in = money out: nothing kept without an order.
        expect(gatewayRefunded(c.session.data.out_trade_no)).toBe(c.fen)
        // And the guest's payment screen (which gives the cart's e-mail) says so.
        const { data: poll } = await api.get(`/store/payment-collections/${c.pcId}/payment-status?email=${c.email}`, store())
        expect(poll.payment_status).toMatchObject({ order_id: null, paid: false, auto_refund: { amount: (c.fen / 100).toFixed(2), refunded: true } })
        expect(poll.payment_status.message).toMatch(/订单未能提交.*原路退回/)
      }
    })
  },
})
