import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { addDays, localDate } from "../../src/modules/booking/utils/slots"
import { previousShanghaiDay, reconcilePayments } from "../../src/workflows/order/reconcile"
import reconcilePaymentsJob, { config as jobConfig } from "../../src/jobs/reconcile-payments"
import reconcileScript from "../../src/scripts/reconcile"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { bearer, shopWithServices } from "../helpers/merchant"
import { eventually } from "../helpers/wait"
import { ALIPAY, WECHAT, gw, useGatewayDouble, wxCallback, wxTransaction } from "../helpers/pay-gateway"

jest.setTimeout(240 * 1000)

const OPERATOR = { email: "ops-reconcile@tongcheng.test", password: "ops-pass-1" }
const today = () => localDate(Date.now(), "Asia/Shanghai")

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }
    let shop: { merchant: any; token: string }
    let therapy: any
    let day: string
    const variants: Record<string, string> = {}

    useGatewayDouble()
    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      await api.post(`/admin/regions/${regionId}`, { payment_providers: ["pp_system_default", WECHAT, ALIPAY] }, admin)
      const made = await shopWithServices(api, admin, {
        email: "reconcile-shop@tongcheng.test",
        seed: 43,
        prices: { p19: 19.99, p128: 128 },
        booked: { key: "p128", room: "对账理疗间", capacity: 1 },
      })
      shop = made.shop
      therapy = made.offering
      Object.assign(variants, made.variants)
      day = addDays(today(), 2)
    })

    const store = () => storeHeaders(pk)
    const container = () => getContainer()
    const paymentModule = () => container().resolve("payment") as any
    const merchants = () => container().resolve("merchant") as any
    const booking = () => container().resolve("booking") as any

    async function cart(variant = "p19") {
      const { data } = await api.post("/store/carts", { region_id: regionId, email: "reconcile@tongcheng.test" }, store())
      await api.post(`/store/carts/${data.cart.id}/line-items`, { variant_id: variants[variant], quantity: 1 }, store())
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: data.cart.id }, store())
      return { cartId: data.cart.id as string, pcId: pc.payment_collection.id as string }
    }

    async function bookedCart(hhmm: string) {
      const { data } = await api.post("/store/carts", { region_id: regionId, email: "reconcile-booker@tongcheng.test" }, store())
      const start = new Date(`${day}T${hhmm}:00+08:00`).toISOString()
      const h = await api.post(`/store/carts/${data.cart.id}/appointments`, { offering_id: therapy.id, start_at: start }, store())
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: data.cart.id }, store())
      return { cartId: data.cart.id as string, pcId: pc.payment_collection.id as string, appointmentId: h.data.appointment.id as string }
    }

    async function session(pcId: string, provider: string) {
      const res = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: provider, data: {} }, store())
      return res.data.payment_collection.payment_sessions.find((x: any) => x.provider_id === provider) as { id: string; data: Record<string, any> }
    }

    /** The guest's payment poll: it gives the cart's e-mail (issue 18). */
    const status = async (pcId: string) => {
      const { data } = await container()
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({ entity: "payment_collection", fields: ["cart.email"], filters: { id: pcId } })
      const email = encodeURIComponent((data[0] as any)?.cart?.email ?? "")
      return (await api.get(`/store/payment-collections/${pcId}/payment-status?email=${email}`, store())).data.payment_status
    }

    const postWx = (cb: { body: string; headers: Record<string, string> }) =>
      api.post("/hooks/wechatpay", cb.body, { headers: cb.headers }).catch((e) => e.response)

    /** The shop's order list, as the 商家中心 reads it. */
    const shopOrderIds = async () => ((await api.get("/vendor/orders?limit=50", bearer(shop.token))).data.orders as any[]).map((o) => o.id)

    async function orderOf(orderId: string) {
      const query = container().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "order",
        fields: ["id", "merchant.id", "payment_collections.payments.id", "payment_collections.payments.captures.id", "payment_collections.payments.refunds.id"],
        filters: { id: orderId },
      })
      const o = data[0] as any
      const payments = o.payment_collections.flatMap((c: any) => c.payments)
      const { data: admin_ } = await api.get(`/admin/orders/${orderId}?fields=id,payment_status`, admin)
      const [state] = await merchants().listMerchantOrderStates({ order_id: orderId })
      return { id: o.id, merchant_id: o.merchant?.id, payments, payment_status: admin_.order.payment_status, shop_status: state?.status }
    }

    function record(eventName: string) {
      const seen: any[] = []
      ;(container().resolve("event_bus") as any).subscribe(eventName, (e: any) => {
        seen.push(e?.data ?? e?.[0]?.data)
      })
      return seen
    }

    /** A placed, paid order through WeChat's genuine callback. */
    async function paidOrder(c: { pcId: string }, fen: number) {
      const s = await session(c.pcId, WECHAT)
      gw.pay(s.data.out_trade_no)
      expect((await postWx(wxCallback(wxTransaction(s.data.out_trade_no, fen, s.id)))).status).toBe(200)
      const st = await status(c.pcId)
      expect(st.order_id).toMatch(/^order_/)
      return { session: s, orderId: st.order_id as string }
    }

    const nothingToDo = (s: any) => ({ fixed: s.fixed, to_fix: s.to_fix, unresolved: s.unresolved })

    it("a WeChat trade paid at the gateway whose notification never came: reconciling places the order with its captured payment and shop state; a second run changes nothing; a refund left PROCESSING gets its final status", async () => {
      const { cartId, pcId } = await cart("p19")
      const s = await session(pcId, WECHAT)
      gw.pay(s.data.out_trade_no)
      // The notification is lost: Medusa knows nothing of the money.
      expect((await status(pcId)).order_id).toBeNull()

      const first = await reconcilePayments(container(), { date: today(), fix: true })
      expect(first).toMatchObject({ date: today(), dry_run: false, trades_checked: 1, matched: 0, unresolved: [] })
      expect(first.fixed).toEqual([expect.objectContaining({ kind: "paid_not_recorded", provider_id: WECHAT, out_trade_no: s.data.out_trade_no })])
      expect(first.by_kind).toEqual({ paid_not_recorded: 1 })

      const st = await status(pcId)
      expect(st.paid).toBe(true)
      expect(st.order_id).toMatch(/^order_/)
      const order = await orderOf(st.order_id)
      expect(order).toMatchObject({ payment_status: "captured", merchant_id: shop.merchant.id, shop_status: "new" })
      expect(order.payments).toHaveLength(1)
      expect(order.payments[0].captures).toHaveLength(1)
      expect(await shopOrderIds()).toContain(order.id)
      // The storefront, coming back, gets that order.
      const late = await api.post(`/store/carts/${cartId}/complete`, {}, store())
      expect([late.data.type, late.data.order?.id]).toEqual(["order", order.id])

      const second = await reconcilePayments(container(), { date: today(), fix: true })
      expect(nothingToDo(second)).toEqual({ fixed: [], to_fix: [], unresolved: [] })
      expect(second).toMatchObject({ trades_checked: 1, matched: 1 })
      const after = await orderOf(order.id)
      expect(after.payments).toHaveLength(1)
      expect(after.payments[0].captures).toHaveLength(1)
      expect(after.payments[0].refunds ?? []).toHaveLength(0)

      // An operator's refund WeChat accepted as PROCESSING, whose result notice never came: its final word is
      // asked for and kept, once.
      const paymentId = after.payments[0].id
      expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5 }, admin)).status).toBe(200)
      const [withRefund] = await paymentModule().listPayments({ id: paymentId })
      expect(withRefund.data.refunds).toEqual([expect.objectContaining({ fen: 500, status: "PROCESSING" })])
      const third = await reconcilePayments(container(), { date: today(), fix: true })
      expect(third.unresolved).toEqual([])
      expect(third.fixed).toEqual([
        expect.objectContaining({ kind: "refund_status", out_trade_no: s.data.out_trade_no, out_refund_no: withRefund.data.refunds[0].out_refund_no, gateway_status: "SUCCESS" }),
      ])
      const [settled] = await paymentModule().listPayments({ id: paymentId })
      expect(settled.data.refunds).toEqual([expect.objectContaining({ fen: 500, status: "SUCCESS", notified_at: expect.any(String) })])
      expect(nothingToDo(await reconcilePayments(container(), { date: today(), fix: true }))).toEqual({ fixed: [], to_fix: [], unresolved: [] })
    })

    it("an Alipay trade paid for a cart that can no longer become an order (shop suspended): reconciled by one automatic full refund, its result recorded; a second run refunds nothing", async () => {
      const { cartId, pcId } = await cart("p19")
      const s = await session(pcId, ALIPAY)
      const refunded = record("payment.auto_refunded")
      await api.post(`/admin/merchants/${shop.merchant.id}/suspend`, { reason: "证照过期" }, admin)
      gw.pay(s.data.out_trade_no)

      const first = await reconcilePayments(container(), { date: today(), fix: true })
      expect(first.unresolved).toEqual([])
      expect(first.fixed.map((f) => f.kind).sort()).toEqual(["paid_auto_refunded", "refund_status"])
      expect(first.fixed.every((f) => f.out_trade_no === s.data.out_trade_no)).toBe(true)
      const aliRefunds = () => gw.ali.requests.filter((r) => r.method === "alipay.trade.refund" && r.biz.out_trade_no === s.data.out_trade_no)
      expect(aliRefunds().map((r) => r.biz.refund_amount)).toEqual(["19.99"])

      const st = await status(pcId)
      expect(st).toMatchObject({ paid: false, order_id: null, auto_refund: { amount: "19.99", refunded: true } })
      expect(st.auto_refund.reason).toMatch(/暂停营业/)
      const seen = await eventually(async () => refunded, (x) => x.length > 0)
      expect(seen).toEqual([expect.objectContaining({ cart_id: cartId, provider_id: ALIPAY, out_trade_no: s.data.out_trade_no, amount: "19.99" })])
      const [payment] = await paymentModule().listPayments({ payment_session_id: s.id }, { relations: ["refunds"] })
      expect(payment.refunds.map((r: any) => Number(r.amount))).toEqual([19.99])
      // Alipay's word on the refund is kept on it, as its refund notify would have done.
      expect(payment.data.refunds).toEqual([expect.objectContaining({ status: "SUCCESS", notified_at: expect.any(String) })])

      const second = await reconcilePayments(container(), { date: today(), fix: true })
      expect(nothingToDo(second)).toEqual({ fixed: [], to_fix: [], unresolved: [] })
      expect(second.matched).toBe(1)
      expect(aliRefunds()).toHaveLength(1)
      await new Promise((r) => setTimeout(r, 300))
      expect(refunded).toHaveLength(1)
    })

    it("an order whose shop state and merchant link were lost (checkout stopped halfway), with its booking still held: recreated as 待接单, the hold confirmed", async () => {
      const c = await bookedCart("15:00")
      const { orderId } = await paidOrder(c, 12800)
      expect((await booking().listBookingAppointments({ id: c.appointmentId }))[0].status).toBe("confirmed")

      // What a process killed between Medusa's order and the shop's steps leaves behind.
      const pg = container().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const [state] = await merchants().listMerchantOrderStates({ order_id: orderId })
      await pg.raw(`delete from merchant_order_state where id = ?`, [state.id])
      // The link's own table (merchant ↔ order), whatever Medusa named it.
      const { rows: tables } = await pg.raw(
        `select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'merchant_id'
           and table_name like 'merchant\\_%order%' and table_name <> 'merchant_order_state'
           and table_name in (select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'order_id')`
      )
      expect(tables).toHaveLength(1)
      await pg.raw(`delete from "${tables[0].table_name}" where order_id = ?`, [orderId])
      await pg.raw(
        `update booking_appointment set status = 'held', order_id = null, code = null, confirmed_at = null,
           expires_at = now() + interval '20 minutes' where id = ?`,
        [c.appointmentId]
      )
      // Old enough not to be a checkout still running.
      await pg.raw(`update "order" set created_at = now() - interval '1 hour' where id = ?`, [orderId])
      const placedOn = localDate(Date.now() - 3600_000, "Asia/Shanghai")
      expect(await orderOf(orderId)).toMatchObject({ merchant_id: undefined, shop_status: undefined })
      expect(await shopOrderIds()).not.toContain(orderId)

      const first = await reconcilePayments(container(), { date: placedOn, fix: true })
      expect(first.unresolved).toEqual([])
      expect(first.orders_checked).toBe(1)
      expect(first.fixed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: "shop_order_missing", order_id: orderId, merchant_id: shop.merchant.id }),
          expect.objectContaining({ kind: "appointment_held", order_id: orderId }),
        ])
      )
      expect(await orderOf(orderId)).toMatchObject({ merchant_id: shop.merchant.id, shop_status: "new" })
      expect(await shopOrderIds()).toContain(orderId)
      const [appt] = await booking().listBookingAppointments({ id: c.appointmentId })
      expect(appt).toMatchObject({ status: "confirmed", order_id: orderId })
      expect(appt.code).toBeTruthy()

      const second = await reconcilePayments(container(), { date: placedOn, fix: true })
      expect(nothingToDo(second)).toEqual({ fixed: [], to_fix: [], unresolved: [] })
      expect(await merchants().listMerchantOrderStates({ order_id: orderId })).toHaveLength(1)
    })

    it("a dry run reports what it would fix and changes nothing; the script refuses a bad date with a clear message and a non-zero exit", async () => {
      const { pcId } = await cart("p19")
      const s = await session(pcId, WECHAT)
      gw.pay(s.data.out_trade_no)
      const mismatches = record("payment.reconcile_mismatch")

      const dry = await reconcilePayments(container(), { date: today(), fix: false })
      expect(dry).toMatchObject({ dry_run: true, trades_checked: 1, matched: 0, fixed: [], unresolved: [] })
      expect(dry.to_fix).toEqual([expect.objectContaining({ kind: "paid_not_recorded", out_trade_no: s.data.out_trade_no })])
      expect((await status(pcId)).order_id).toBeNull()
      expect(await paymentModule().listPayments({ payment_session_id: s.id })).toHaveLength(0)

      // The script prints the same summary as JSON.
      const out: string[] = []
      const log = jest.spyOn(console, "log").mockImplementation((x: any) => void out.push(String(x)))
      const err = jest.spyOn(console, "error").mockImplementation(() => undefined)
      const exit = jest.spyOn(process, "exit").mockImplementation(((code?: number) => {
        throw new Error(`exit ${code}`)
      }) as any)
      const argv = process.argv
      // `npm run reconcile -- --date … --dry-run` reaches the script as `medusa exec <file> -- --date … --dry-run`.
      const run = (words: string[]) => {
        process.argv = ["node", "medusa", "exec", "./src/scripts/reconcile.ts", "--", ...words]
        return reconcileScript({ container: container(), args: [] } as any)
      }
      try {
        await run(["--date", today(), "--dry-run"])
        expect(JSON.parse(out.join("\n"))).toMatchObject({ date: today(), dry_run: true, to_fix: [expect.objectContaining({ kind: "paid_not_recorded" })] })
        for (const bad of [["--date", "2026-02-30"], ["--date", "yesterday"], ["--dry-run"]]) {
          err.mockClear()
          await expect(run(bad)).rejects.toThrow("exit 2")
          expect(String(err.mock.calls[0]?.[0])).toMatch(/日期无效|缺少 --date/)
        }
      } finally {
        process.argv = argv
        log.mockRestore()
        err.mockRestore()
        exit.mockRestore()
      }
      expect((await status(pcId)).order_id).toBeNull()
      await new Promise((r) => setTimeout(r, 300))
      expect(mismatches).toEqual([])
    })

    it("a captured payment whose trade the gateway says is unpaid: reported unresolved with payment.reconcile_mismatch, and nothing is changed", async () => {
      const c = await cart("p19")
      const { session: s, orderId } = await paidOrder(c, 1999)
      const mismatches = record("payment.reconcile_mismatch")
      // The gateway's books say the customer never paid.
      gw.wx.trades.get(s.data.out_trade_no)!.trade_state = "NOTPAY"

      const run = await reconcilePayments(container(), { date: today(), fix: true })
      expect(run.fixed).toEqual([])
      expect(run.unresolved).toEqual([
        expect.objectContaining({ kind: "captured_not_paid", provider_id: WECHAT, out_trade_no: s.data.out_trade_no, order_id: orderId, gateway_status: "NOTPAY" }),
      ])
      expect(run.by_kind).toEqual({ captured_not_paid: 1 })
      const seen = await eventually(async () => mismatches, (x) => x.length > 0)
      expect(seen).toEqual([expect.objectContaining({ date: today(), kind: "captured_not_paid", out_trade_no: s.data.out_trade_no, order_id: orderId })])
      expect(await orderOf(orderId)).toMatchObject({ payment_status: "captured", shop_status: "new" })
      expect(gw.wx.requests.filter((r) => r.path === "/v3/refund/domestic/refunds" && r.body.out_trade_no === s.data.out_trade_no)).toEqual([])
    })

    it("the nightly job reconciles the Shanghai day before, at 03:30 Beijing time, and emits its summary", async () => {
      expect(jobConfig.schedule).toBe("30 19 * * *")
      const summaries = record("payment.reconcile_summary")
      const summary = await reconcilePaymentsJob(container())
      expect(summary.date).toBe(previousShanghaiDay())
      expect(summary.date).toBe(addDays(today(), -1))
      const seen = await eventually(async () => summaries, (x) => x.length > 0)
      expect(seen).toEqual([expect.objectContaining({ date: summary.date, dry_run: false, trades_checked: 0 })])
    })
  },
})
