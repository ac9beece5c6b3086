import crypto from "node:crypto"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { seedPlatform } from "../../src/scripts/seed/platform"
import { seedMerchantCategories } from "../../src/scripts/seed/categories"
import { adminHeaders, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer } from "../helpers/merchant"
import { ALI, ALIPAY, ENV, GW, GW_PORT, WECHAT, WX, aliApp, aliContent, aliNotify, gw, intruder, server, wxCallback, wxMerchant, wxTransaction } from "../helpers/pay-gateway"

jest.setTimeout(240 * 1000)

const OPERATOR = { email: "ops-pay@tongcheng.test", password: "ops-pass-1" }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }
    const variants: Record<string, string> = {}

    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(GW_PORT, "127.0.0.1", () => r()))
      const seeded = await seedPlatform(getContainer(), { adminEmail: OPERATOR.email, adminPassword: OPERATOR.password })
      await seedMerchantCategories(getContainer())
      pk = seeded.publishable_key
      regionId = seeded.region_id
      admin = await adminHeaders(api, OPERATOR.email, OPERATOR.password)
      // The seed offers only the system provider in 中国; the operator adds the real ones.
      await api.post(
        `/admin/regions/${regionId}`,
        { payment_providers: ["pp_system_default", WECHAT, ALIPAY, "pp_stripe_stripe"] },
        admin
      )
      const shop = await applyAsMerchant(api, "pay-shop@tongcheng.test", 41)
      await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
      for (const [key, price] of [["p19", 19.99], ["p001", 0.01], ["p411k", 411522.63]] as const) {
        const { data } = await api.post(
          "/vendor/products",
          { title: `到店服务 ${key}`, kind: "service", variants: [{ title: "标准", price }] },
          bearer(shop.token)
        )
        variants[key] = data.product.variants[0].id
      }
    })

    afterAll(async () => {
      for (const k of Object.keys(ENV)) delete process.env[k]
      await new Promise((r) => server.close(r))
    })

    beforeEach(() => {
      gw.mode = "ok"
    })

    const store = () => storeHeaders(pk)

    /** A cart for the shop's service; 3 × 411 522.63 makes the 1 234 567.89 case. */
    async function cart(variant = "p19", quantity = 1) {
      const { data } = await api.post("/store/carts", { region_id: regionId, email: "payer@tongcheng.test" }, store())
      await api.post(`/store/carts/${data.cart.id}/line-items`, { variant_id: variants[variant], quantity }, store())
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: data.cart.id }, store())
      return { cartId: data.cart.id as string, pcId: pc.payment_collection.id as string }
    }

    async function session(pcId: string, provider: string, data: Record<string, unknown> = {}) {
      const res = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: provider, data }, store())
      const s = res.data.payment_collection.payment_sessions.find((x: any) => x.provider_id === provider)
      return s as { id: string; amount: number; data: Record<string, any> }
    }

    const status = async (pcId: string) =>
      (await api.get(`/store/payment-collections/${pcId}/payment-status`, store())).data.payment_status

    const postWx = (cb: { body: string; headers: Record<string, string> }) =>
      api.post("/hooks/wechatpay", cb.body, { headers: cb.headers }).catch((e) => e.response)

    const postAli = (fields: Record<string, string>) =>
      api
        .post("/hooks/alipay", new URLSearchParams(fields).toString(), {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          transformResponse: (x) => x,
        })
        .catch((e) => e.response)

    async function orderOf(pcId: string) {
      const st = await status(pcId)
      if (!st.order_id) return null
      const { data } = await api.get(`/admin/orders/${st.order_id}?fields=id,total,payment_status,*payment_collections`, admin)
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: rows } = await query.graph({
        entity: "order",
        fields: ["id", "merchant.id", "payment_collections.payments.id", "payment_collections.payments.captures.id", "payment_collections.payments.refunds.amount"],
        filters: { id: st.order_id },
      })
      const payments = (rows[0] as any).payment_collections.flatMap((c: any) => c.payments)
      return { ...data.order, merchant_id: (rows[0] as any).merchant?.id, payments }
    }

    it("WeChat Native: the QR code_url comes back through the store API, a verified callback places a paid order, a repeat changes nothing", async () => {
      const { cartId, pcId } = await cart("p19")
      const s = await session(pcId, WECHAT, { trade_type: "NATIVE" })
      expect(s.data.code_url).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/)
      expect(s.data.out_trade_no).toMatch(/^[0-9A-Za-z_\-|*]{6,32}$/)
      const sent = gw.wx.trades.get(s.data.out_trade_no)!.body
      expect(sent).toMatchObject({
        appid: WX.appId,
        mchid: WX.mchId,
        amount: { total: 1999, currency: "CNY" },
        notify_url: ENV.WECHATPAY_NOTIFY_URL,
      })

      // Before the customer pays, checkout says so and no order exists.
      const early = await api.post(`/store/carts/${cartId}/complete`, {}, store())
      expect(early.data.type).toBe("cart")
      expect(early.data.error.message).toMatch(/尚未收到微信支付款项/)
      expect((await status(pcId)).order_id).toBeNull()

      gw.pay(s.data.out_trade_no)
      const cb = wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id))
      const res = await postWx(cb)
      expect(res.status).toBe(200)
      expect(res.data).toEqual({ code: "SUCCESS", message: "成功" })

      const st = await status(pcId)
      expect(st.paid).toBe(true)
      expect(st.order_id).toMatch(/^order_/)
      const order = await orderOf(pcId)
      expect(order!.payment_status).toBe("captured")
      expect(Number(order!.total)).toBe(19.99)
      expect(order!.merchant_id).toBeTruthy()
      expect(order!.payments).toHaveLength(1)
      expect(order!.payments[0].captures).toHaveLength(1)

      // WeChat retries the same notification (new nonce and time): acknowledged, nothing applied twice.
      const again = await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id)))
      expect(again.status).toBe(200)
      const after = await orderOf(pcId)
      expect(after!.id).toBe(order!.id)
      expect(after!.payments).toHaveLength(1)
      expect(after!.payments[0].captures).toHaveLength(1)
      // The very same request replayed (same nonce) is refused outright.
      expect((await postWx(cb)).status).toBe(401)
      // Even on another server instance, whose provider has never seen that nonce (shared locking module).
      const wx = (getContainer().resolve("payment") as any).paymentProviderService_.retrieveProvider(WECHAT)
      wx.nonces_ = new wx.nonces_.constructor()
      expect((await postWx(cb)).status).toBe(401)
      // And the storefront completing afterwards gets the same order, not a second one.
      const late = await api.post(`/store/carts/${cartId}/complete`, {}, store())
      expect(late.data.type).toBe("order")
      expect(late.data.order.id).toBe(order!.id)
      expect(gw.badSignatures).toBe(0)
    })

    it("refuses forged, stale, replayed and wrong-amount WeChat callbacks and leaves the payment untouched", async () => {
      const { pcId } = await cart("p19")
      const s = await session(pcId, WECHAT)
      gw.pay(s.data.out_trade_no)
      const tx = wxTransaction(s.data.out_trade_no, 1999, s.id)

      const tampered = wxCallback(tx)
      tampered.body = tampered.body.replace('"summary":"支付成功"', '"summary":"支付成功 "')
      const now = Math.floor(Date.now() / 1000)
      const cases: [string, { body: string; headers: Record<string, string> }, number][] = [
        ["tampered body", tampered, 401],
        ["signed by another key", wxCallback(tx, { key: intruder.privateKey }), 401],
        ["unknown serial", wxCallback(tx, { serial: "PUB_KEY_ID_0119000000012025010100000000009999" }), 401],
        ["stale timestamp", wxCallback(tx, { ts: now - 301 }), 401],
        ["timestamp from the future", wxCallback(tx, { ts: now + 330 }), 401],
        ["another merchant", wxCallback({ ...tx, mchid: "1900000999" }), 400],
        ["wrong amount", wxCallback({ ...tx, amount: { ...tx.amount, total: 1 } }), 400],
        ["unknown trade", wxCallback({ ...tx, out_trade_no: "01JZZZZZZZZZZZZZZZZZZZZZZZ" }), 400],
      ]
      for (const [name, cb, code] of cases) {
        const res = await postWx(cb)
        expect([name, res.status, res.data.code]).toEqual([name, code, "FAIL"])
      }
      // A genuine request replayed with its nonce: refused the second time.
      const wrongAmount = wxCallback({ ...tx, amount: { ...tx.amount, total: 2000 } })
      expect((await postWx(wrongAmount)).status).toBe(400)
      expect((await postWx(wrongAmount)).status).toBe(401)

      const st = await status(pcId)
      expect(st.paid).toBe(false)
      expect(st.order_id).toBeNull()
      expect(st.sessions[0].status).toBe("pending")

      // The refusals did not spoil anything: the genuine callback still goes through.
      expect((await postWx(wxCallback(tx))).status).toBe(200)
      expect((await status(pcId)).paid).toBe(true)
    })

    it("refunds a WeChat payment in part and then in full through Medusa's refund flow", async () => {
      const { pcId } = await cart("p19")
      const s = await session(pcId, WECHAT)
      gw.pay(s.data.out_trade_no)
      expect((await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id)))).status).toBe(200)
      const order = await orderOf(pcId)
      const paymentId = order!.payments[0].id

      const part = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5.01 }, admin)
      expect(part.status).toBe(200)
      const rest = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 14.98 }, admin)
      expect(rest.status).toBe(200)
      const sent = gw.wx.requests.filter((r) => r.path === "/v3/refund/domestic/refunds").map((r) => r.body)
      expect(sent.map((b) => b.amount)).toEqual([
        { refund: 501, total: 1999, currency: "CNY" },
        { refund: 1498, total: 1999, currency: "CNY" },
      ])
      expect(new Set(sent.map((b) => b.out_refund_no)).size).toBe(2)
      expect(sent.every((b) => b.out_trade_no === s.data.out_trade_no)).toBe(true)

      // Nothing left to refund: Medusa refuses a whole yuan before WeChat is asked. Medusa tolerates one
      // fen of rounding, so 0.01 does reach WeChat, which refuses it; Medusa then drops its refund record.
      const over = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 1 }, admin).catch((e) => e.response)
      expect(over.status).toBe(400)
      expect(gw.wx.requests.filter((r) => r.path === "/v3/refund/domestic/refunds")).toHaveLength(2)
      const fen = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 0.01 }, admin).catch((e) => e.response)
      expect(fen.status).toBe(400)
      expect(fen.data.message).toMatch(/微信支付退款被拒绝/)
      expect([...gw.wx.refunds.values()].filter((r) => r.out_trade_no === s.data.out_trade_no).map((r) => r.refund)).toEqual([501, 1498])

      const after = await orderOf(pcId)
      expect(after!.payment_status).toBe("refunded")
      expect(after!.payments[0].refunds.map((r: any) => Number(r.amount)).sort()).toEqual([14.98, 5.01])

      // WeChat's refund result callback is verified and acknowledged; a forged one is refused.
      const refundResource = {
        mchid: WX.mchId,
        out_trade_no: s.data.out_trade_no,
        transaction_id: "4200000000202506010000000001",
        out_refund_no: sent[0].out_refund_no,
        refund_id: "50000000382019052709732678859",
        refund_status: "SUCCESS",
        success_time: new Date().toISOString(),
        user_received_account: "支付用户零钱",
        amount: { total: 1999, refund: 501, payer_total: 1999, payer_refund: 501 },
      }
      const ok = await postWx(wxCallback(refundResource, { eventType: "REFUND.SUCCESS", originalType: "refund" }))
      expect(ok.status).toBe(200)
      const forged = await postWx(wxCallback(refundResource, { eventType: "REFUND.SUCCESS", originalType: "refund", key: intruder.privateKey }))
      expect(forged.status).toBe(401)

      // The gateway's final word is kept on the refund, so operators see which refunds really paid out.
      const refundState = async () => {
        const [p] = await (getContainer().resolve("payment") as any).listPayments({ id: paymentId })
        return Object.fromEntries((p.data.refunds as any[]).map((r) => [r.out_refund_no, r.status]))
      }
      expect(await refundState()).toEqual({ [sent[0].out_refund_no]: "SUCCESS", [sent[1].out_refund_no]: "PROCESSING" })
      // WeChat resends the same result: acknowledged, nothing changes.
      expect((await postWx(wxCallback(refundResource, { eventType: "REFUND.SUCCESS", originalType: "refund" }))).status).toBe(200)
      // The second refund bounces (the buyer's account is closed): recorded as ABNORMAL for a person to act.
      const failed: string[] = []
      const bus = getContainer().resolve("event_bus") as any
      const seen = (e: any) => failed.push(e?.data?.out_refund_no ?? e?.[0]?.data?.out_refund_no)
      bus.subscribe("payment.refund_failed", seen)
      const abnormal = {
        ...refundResource,
        out_refund_no: sent[1].out_refund_no,
        refund_status: "ABNORMAL",
        amount: { total: 1999, refund: 1498, payer_total: 1999, payer_refund: 1498 },
      }
      expect((await postWx(wxCallback(abnormal, { eventType: "REFUND.ABNORMAL", originalType: "refund" }))).status).toBe(200)
      expect(await refundState()).toEqual({ [sent[0].out_refund_no]: "SUCCESS", [sent[1].out_refund_no]: "ABNORMAL" })
      await new Promise((r) => setTimeout(r, 200))
      expect(failed).toContain(sent[1].out_refund_no)
      // A refund we never asked for, or a different amount, is refused and changes nothing.
      const unknown = await postWx(wxCallback({ ...refundResource, out_refund_no: "RF0000000000000000000000000" }, { eventType: "REFUND.SUCCESS", originalType: "refund" }))
      expect([unknown.status, unknown.data.code]).toEqual([400, "FAIL"])
      const wrongAmount = await postWx(
        wxCallback({ ...refundResource, amount: { ...refundResource.amount, refund: 502 } }, { eventType: "REFUND.SUCCESS", originalType: "refund" })
      )
      expect(wrongAmount.status).toBe(400)
      expect(await refundState()).toEqual({ [sent[0].out_refund_no]: "SUCCESS", [sent[1].out_refund_no]: "ABNORMAL" })
    })

    it("creates WeChat JSAPI parameters and an H5 link the client can use", async () => {
      const { pcId } = await cart("p19")
      const js = await session(pcId, WECHAT, { trade_type: "JSAPI", openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" })
      const p = js.data.jsapi
      expect(p).toMatchObject({ appId: WX.appId, signType: "RSA", package: `prepay_id=${js.data.prepay_id}` })
      const signed = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`
      expect(crypto.verify("sha256", Buffer.from(signed), wxMerchant.publicKey, Buffer.from(p.paySign, "base64"))).toBe(true)
      expect(gw.wx.trades.get(js.data.out_trade_no)!.body.payer).toEqual({ openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" })

      const { pcId: pc2 } = await cart("p19")
      const h5 = await session(pc2, WECHAT, { trade_type: "H5", payer_client_ip: "203.0.113.7" })
      expect(h5.data.h5_url).toMatch(/^https:\/\/wx\.tenpay\.com\//)

      const { pcId: pc3 } = await cart("p19")
      const noOpenid = await api
        .post(`/store/payment-collections/${pc3}/payment-sessions`, { provider_id: WECHAT, data: { trade_type: "JSAPI" } }, store())
        .catch((e) => e.response)
      expect(noOpenid.status).toBe(400)
      expect(noOpenid.data.message).toMatch(/openid/)
    })

    it("Alipay precreate: qr_code through the store API, notify answered with the literal success, repeat applied once", async () => {
      const { pcId } = await cart("p411k", 3)
      const s = await session(pcId, ALIPAY)
      expect(s.data.qr_code).toMatch(/^https:\/\/qr\.alipay\.com\//)
      const sent = gw.ali.requests.find((r) => r.method === "alipay.trade.precreate")!
      expect(sent.biz).toMatchObject({ out_trade_no: s.data.out_trade_no, total_amount: "1234567.89", seller_id: ALI.sellerId })
      expect(sent.params.notify_url).toBe(ENV.ALIPAY_NOTIFY_URL)

      gw.pay(s.data.out_trade_no)
      const res = await postAli(aliNotify(s.data.out_trade_no, "1234567.89"))
      expect(res.status).toBe(200)
      expect(res.data).toBe("success")
      const order = await orderOf(pcId)
      expect(order!.payment_status).toBe("captured")
      expect(Number(order!.total)).toBe(1234567.89)

      // TRADE_FINISHED arrives later for the same trade; a resent notify too. Both: success, no change.
      expect((await postAli(aliNotify(s.data.out_trade_no, "1234567.89", { trade_status: "TRADE_FINISHED" }))).data).toBe("success")
      expect((await postAli(aliNotify(s.data.out_trade_no, "1234567.89"))).data).toBe("success")
      const after = await orderOf(pcId)
      expect(after!.payments).toHaveLength(1)
      expect(after!.payments[0].captures).toHaveLength(1)
      expect(gw.badSignatures).toBe(0)
    })

    it("refuses forged and mismatched Alipay notifies and leaves the payment untouched", async () => {
      const { pcId } = await cart("p19")
      const s = await session(pcId, ALIPAY)
      gw.pay(s.data.out_trade_no)
      const good = aliNotify(s.data.out_trade_no, "19.99")
      const cases: [string, Record<string, string>, number][] = [
        ["tampered amount", { ...good, total_amount: "0.01" }, 401],
        ["signed by another key", aliNotify(s.data.out_trade_no, "19.99", {}, intruder.privateKey), 401],
        ["no signature", { ...good, sign: "" }, 401],
        ["another app", aliNotify(s.data.out_trade_no, "19.99", { app_id: "2021000000009999" }), 400],
        ["another seller", aliNotify(s.data.out_trade_no, "19.99", { seller_id: "2088000000009999" }), 400],
        ["wrong amount, correctly signed", aliNotify(s.data.out_trade_no, "19.98"), 400],
      ]
      for (const [name, fields, code] of cases) {
        const res = await postAli(fields)
        expect([name, res.status, res.data]).toEqual([name, code, "fail"])
      }
      const st = await status(pcId)
      expect(st.paid).toBe(false)
      expect(st.order_id).toBeNull()
      // TRADE_CLOSED for an unpaid trade: acknowledged, nothing to apply.
      expect((await postAli(aliNotify(s.data.out_trade_no, "19.99", { trade_status: "TRADE_CLOSED" }))).data).toBe("success")
      expect((await status(pcId)).paid).toBe(false)
      expect((await postAli(good)).data).toBe("success")
      expect((await status(pcId)).paid).toBe(true)
    })

    it("refunds an Alipay payment in part and in full with out_request_no, and a retried request is paid once", async () => {
      const { pcId } = await cart("p19")
      const s = await session(pcId, ALIPAY)
      gw.pay(s.data.out_trade_no)
      expect((await postAli(aliNotify(s.data.out_trade_no, "19.99"))).data).toBe("success")
      const paymentId = (await orderOf(pcId))!.payments[0].id

      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 0.01 }, admin)
      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 19.98 }, admin)
      const refunds = gw.ali.requests.filter((r) => r.method === "alipay.trade.refund").map((r) => r.biz)
      expect(refunds.map((b) => b.refund_amount)).toEqual(["0.01", "19.98"])
      expect(refunds.every((b) => /^[0-9A-Za-z_]{1,64}$/.test(b.out_request_no))).toBe(true)
      expect(gw.ali.trades.get(s.data.out_trade_no)!.refunded).toBe(1999)
      expect((await orderOf(pcId))!.payment_status).toBe("refunded")

      // Alipay's refund notify names the refund by out_biz_no: it is marked paid out; an unknown one is refused.
      const refundNotify = (outBizNo: string) =>
        aliNotify(s.data.out_trade_no, "19.99", { trade_status: "TRADE_CLOSED", refund_fee: "19.99", gmt_refund: "2025-06-01 13:00:00.123", out_biz_no: outBizNo })
      expect((await postAli(refundNotify(refunds[0].out_request_no))).data).toBe("success")
      const [paid] = await (getContainer().resolve("payment") as any).listPayments({ id: paymentId })
      expect(paid.data.refunds.find((r: any) => r.out_request_no === refunds[0].out_request_no).status).toBe("SUCCESS")
      expect((await postAli(refundNotify("nosuchrequest0001"))).data).toBe("fail")

      // The gateway sees the first out_request_no again (a retry after a lost answer): no second payout.
      const provider = (getContainer().resolve("payment") as any).paymentProviderService_.retrieveProvider(ALIPAY)
      await provider.refundPayment({ amount: 0.01, data: s.data, context: { idempotency_key: refunds[0].out_request_no } })
      expect(gw.ali.trades.get(s.data.out_trade_no)!.refunded).toBe(1999)
    })

    it("Alipay page pay and wap pay return a signed redirect URL to the gateway", async () => {
      for (const [type, method, product] of [
        ["PAGE", "alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY"],
        ["WAP", "alipay.trade.wap.pay", "QUICK_WAP_WAY"],
      ]) {
        const { pcId } = await cart("p19")
        const s = await session(pcId, ALIPAY, { trade_type: type })
        const url = new URL(s.data.redirect_url)
        expect(`${url.origin}${url.pathname}`).toBe(`${GW}/gateway.do`)
        const params: Record<string, string> = {}
        url.searchParams.forEach((v, k) => (params[k] = v))
        expect(params.method).toBe(method)
        expect(params.notify_url).toBe(ENV.ALIPAY_NOTIFY_URL)
        expect(params.return_url).toBe(ENV.ALIPAY_RETURN_URL)
        expect(JSON.parse(params.biz_content)).toMatchObject({ total_amount: "19.99", product_code: product, out_trade_no: s.data.out_trade_no })
        const ok = crypto.createVerify("RSA-SHA256").update(aliContent(params, ["sign"]), "utf8").verify(aliApp.publicKey, params.sign, "base64")
        expect(ok).toBe(true)
      }
    })

    it.each([
      ["0.01", "p001", 1, 1],
      ["19.99", "p19", 1, 1999],
      ["1 234 567.89", "p411k", 3, 123456789],
    ])("%s CNY reaches WeChat as exact fen and Alipay as exact yuan text, and comes back exact", async (_label, variant, qty, fen) => {
      const yuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`
      const wx = await cart(variant, qty)
      const ws = await session(wx.pcId, WECHAT)
      expect(gw.wx.trades.get(ws.data.out_trade_no)!.body.amount.total).toBe(fen)
      gw.pay(ws.data.out_trade_no)
      expect((await postWx(wxCallback(wxTransaction(ws.data.out_trade_no, fen, ws.id)))).status).toBe(200)
      const wo = await orderOf(wx.pcId)
      expect(wo!.payment_status).toBe("captured")
      expect(String(wo!.total)).toBe(String(Number(yuan)))

      const al = await cart(variant, qty)
      const as = await session(al.pcId, ALIPAY)
      expect(gw.ali.trades.get(as.data.out_trade_no)!.biz.total_amount).toBe(yuan)
      gw.pay(as.data.out_trade_no)
      expect((await postAli(aliNotify(as.data.out_trade_no, yuan))).data).toBe("success")
      const ao = await orderOf(al.pcId)
      expect(ao!.payment_status).toBe("captured")
      expect(String(ao!.total)).toBe(String(Number(yuan)))
    })

    it("a gateway answering 500 or timing out gives the customer a clear error and places no order", async () => {
      const { pcId } = await cart("p19")
      gw.mode = "500"
      const wx500 = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: WECHAT }, store()).catch((e) => e.response)
      expect(wx500.status).toBe(422)
      expect(wx500.data.message).toMatch(/微信支付网关错误.*HTTP 500/)
      const ali500 = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: ALIPAY }, store()).catch((e) => e.response)
      expect(ali500.status).toBe(422)
      expect(ali500.data.message).toMatch(/支付宝网关错误/)

      // The fake gateway never answers in this mode: the message shows our own timeout fired.
      gw.mode = "timeout"
      const slow = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: WECHAT }, store()).catch((e) => e.response)
      expect(slow.status).toBe(422)
      expect(slow.data.message).toMatch(/无响应|timed out/)
      const aliSlow = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: ALIPAY }, store()).catch((e) => e.response)
      expect(aliSlow.status).toBe(422)
      expect(aliSlow.data.message).toMatch(/无响应/)
      // Someone between us and the gateway answering in its name: the answer's signature gives it away.
      gw.mode = "forged"
      const wxForged = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: WECHAT }, store()).catch((e) => e.response)
      expect(wxForged.status).toBe(422)
      expect(wxForged.data.message).toMatch(/应答验签失败/)
      const aliForged = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: ALIPAY }, store()).catch((e) => e.response)
      expect(aliForged.status).toBe(422)
      expect(aliForged.data.message).toMatch(/应答验签失败/)
      expect((await status(pcId)).sessions).toEqual([])

      // The session exists, the customer says "paid", but WeChat cannot be asked: no order.
      gw.mode = "ok"
      const { cartId, pcId: pc2 } = await cart("p19")
      await session(pc2, WECHAT)
      gw.mode = "500"
      const done = await api.post(`/store/carts/${cartId}/complete`, {}, store())
      expect(done.data.type).toBe("cart")
      expect(done.data.error.message).toMatch(/微信支付网关错误/)
      expect((await status(pc2)).order_id).toBeNull()
    })

    it("lists WeChat Pay, Alipay and Stripe cards for the region's checkout", async () => {
      const { data } = await api.get(`/store/payment-providers?region_id=${regionId}`, store())
      expect(data.payment_providers.map((p: any) => p.id).sort()).toEqual(
        ["pp_alipay_alipay", "pp_stripe_stripe", "pp_system_default", "pp_wechatpay_wechatpay"].sort()
      )
    })
  },
})
