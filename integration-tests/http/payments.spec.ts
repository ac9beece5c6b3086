import crypto from "node:crypto"
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, PaymentActions } from "@medusajs/framework/utils"
import { addDays, localDate } from "../../src/modules/booking/utils/slots"
import WechatPayProviderService from "../../src/modules/payment-wechatpay/service"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer, customerToken, shopWithServices } from "../helpers/merchant"
import { eventually } from "../helpers/wait"
import {
  ALI,
  ALIPAY,
  ENV,
  GW,
  GW_PORT,
  WECHAT,
  WX,
  aliApp,
  aliContent,
  aliNotify,
  gw,
  intruder,
  pem,
  server,
  useGatewayDouble,
  wxCallback,
  wxMerchant,
  wxTransaction,
} from "../helpers/pay-gateway"

jest.setTimeout(240 * 1000)

const OPERATOR = { email: "ops-pay@tongcheng.test", password: "ops-pass-1" }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }
    let shop: { merchant: any; token: string }
    let therapy: any // a bookable service on a single-seat room
    let day: string // two days ahead, Shanghai
    const variants: Record<string, string> = {}
    /** A Shanghai wall time on `day`, as an ISO instant. */
    const at = (hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString()

    useGatewayDouble()
    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      // The seed offers only the system provider in 中国; the operator adds the real ones.
      await api.post(
        `/admin/regions/${regionId}`,
        { payment_providers: ["pp_system_default", WECHAT, ALIPAY, "pp_stripe_stripe"] },
        admin
      )
      const prices = { p19: 19.99, p001: 0.01, p411k: 411522.63, p128: 128, p88: 88 }
      const made = await shopWithServices(api, admin, { email: "pay-shop@tongcheng.test", seed: 41, prices, booked: { key: "p128", room: "理疗间", capacity: 1 } })
      shop = made.shop
      therapy = made.offering
      Object.assign(variants, made.variants)
      day = addDays(localDate(Date.now(), "Asia/Shanghai"), 2)
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

    /**
     * The payment poll as its payer may make it (issue 18): a guest gives the cart's e-mail, a signed-in
     * customer sends their token (`headers`).
     */
    const status = async (pcId: string, headers = store()) => {
      const { data } = await getContainer()
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({ entity: "payment_collection", fields: ["cart.email"], filters: { id: pcId } })
      const email = encodeURIComponent((data[0] as any)?.cart?.email ?? "")
      return (await api.get(`/store/payment-collections/${pcId}/payment-status?email=${email}`, headers)).data.payment_status
    }

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
      expect(st.sessions[0].status).toBe("pending")
      expect((await postAli(good)).data).toBe("success")
      expect((await status(pcId)).paid).toBe(true)
    })

    it("Alipay TRADE_CLOSED cancels an unpaid session (the poll says so, checkout cannot use it) and leaves a paid one alone", async () => {
      const { cartId, pcId } = await cart("p19")
      const s = await session(pcId, ALIPAY)
      const closed = aliNotify(s.data.out_trade_no, "19.99", { trade_status: "TRADE_CLOSED" })
      expect((await postAli(closed)).data).toBe("success")
      const st = await status(pcId)
      expect(st.paid).toBe(false)
      expect(st.sessions).toEqual([expect.objectContaining({ id: s.id, status: "canceled" })])
      expect(st.message).toMatch(/支付已关闭.*payment was closed/)
      // Resent: acknowledged, nothing changes.
      expect((await postAli(aliNotify(s.data.out_trade_no, "19.99", { trade_status: "TRADE_CLOSED" }))).data).toBe("success")
      expect((await status(pcId)).sessions[0].status).toBe("canceled")
      const done = await api.post(`/store/carts/${cartId}/complete`, {}, store()).catch((e) => e.response)
      expect(done.data.type).not.toBe("order")
      expect((await status(pcId)).order_id).toBeNull()

      // A paid trade: Alipay's TRADE_CLOSED (it also says so after a full refund) cancels nothing.
      const paid = await cart("p19")
      const ps = await session(paid.pcId, ALIPAY)
      gw.pay(ps.data.out_trade_no)
      expect((await postAli(aliNotify(ps.data.out_trade_no, "19.99"))).data).toBe("success")
      expect((await postAli(aliNotify(ps.data.out_trade_no, "19.99", { trade_status: "TRADE_CLOSED" }))).data).toBe("success")
      const after = await status(paid.pcId)
      expect(after.paid).toBe(true)
      expect(after.order_id).toMatch(/^order_/)
      expect((await orderOf(paid.pcId))!.payment_status).toBe("captured")
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

      // The request number is the trade's, the count of refunds before it and the amount in fen.
      expect(refunds.map((b) => b.out_request_no)).toEqual([`${s.data.out_trade_no}_R1_1`, `${s.data.out_trade_no}_R2_1998`])

      // Alipay's refund notify names the refund by out_biz_no and gives refund_fee, the total refunded on
      // the trade so far: it is marked paid out; an unknown refund or an impossible total is refused.
      const refundNotify = (outBizNo: string, refundFee: string) =>
        aliNotify(s.data.out_trade_no, "19.99", { trade_status: "TRADE_CLOSED", refund_fee: refundFee, gmt_refund: "2025-06-01 13:00:00.123", out_biz_no: outBizNo })
      const refundState = async () => {
        const [p] = await (getContainer().resolve("payment") as any).listPayments({ id: paymentId })
        return (p.data.refunds as any[]).map((r) => [r.out_request_no, r.status ?? null])
      }
      // More than we ever asked back, and (for the second refund) less than the two together: refused.
      expect((await postAli(refundNotify(refunds[0].out_request_no, "20.00"))).data).toBe("fail")
      expect((await postAli(refundNotify(refunds[1].out_request_no, "19.98"))).data).toBe("fail")
      expect(await refundState()).toEqual([[refunds[0].out_request_no, null], [refunds[1].out_request_no, null]])
      expect((await postAli(refundNotify(refunds[0].out_request_no, "0.01"))).data).toBe("success")
      expect((await postAli(refundNotify(refunds[1].out_request_no, "19.99"))).data).toBe("success")
      expect(await refundState()).toEqual([[refunds[0].out_request_no, "SUCCESS"], [refunds[1].out_request_no, "SUCCESS"]])
      expect((await postAli(refundNotify("nosuchrequest0001", "19.99"))).data).toBe("fail")

      // The same refund asked again from the same payment state (a retry after a lost answer) carries the
      // same out_request_no, and Alipay pays it once.
      const provider = (getContainer().resolve("payment") as any).paymentProviderService_.retrieveProvider(ALIPAY)
      await provider.refundPayment({ amount: 0.01, data: s.data, context: { idempotency_key: "refund_a_new_medusa_id" } })
      expect(gw.ali.requests.filter((r) => r.method === "alipay.trade.refund").at(-1)!.biz.out_request_no).toBe(refunds[0].out_request_no)
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

    /** Events a test waits for, recorded from the event bus. */
    function record(eventName: string) {
      const seen: any[] = []
      ;(getContainer().resolve("event_bus") as any).subscribe(eventName, (e: any) => {
        seen.push(e?.data ?? e?.[0]?.data)
      })
      return seen
    }

    /** A guest cart holding the therapy room at `hhmm` on `day`, with its payment collection. */
    async function bookedCart(hhmm: string) {
      const { data } = await api.post("/store/carts", { region_id: regionId, email: `booker-${hhmm.replace(":", "")}@tongcheng.test` }, store())
      const h = await api.post(`/store/carts/${data.cart.id}/appointments`, { offering_id: therapy.id, start_at: at(hhmm) }, store())
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: data.cart.id }, store())
      return { cartId: data.cart.id as string, pcId: pc.payment_collection.id as string, appointmentId: h.data.appointment.id as string }
    }
    const booking = () => getContainer().resolve("booking") as any
    const appointment = async (id: string) => (await booking().listBookingAppointments({ id }))[0]
    const wxRefundsOf = (outTradeNo: string) => [...gw.wx.refunds.values()].filter((r) => r.out_trade_no === outTradeNo).map((r) => r.refund)

    it("a trade cannot outlive the booking hold: WeChat and Alipay get an expiry no later than the hold's, whatever the client sends", async () => {
      const wx = await bookedCart("11:00")
      const ws = await session(wx.pcId, WECHAT, { pay_before: "2099-01-01T00:00:00Z" })
      const hold = await appointment(wx.appointmentId)
      const holdEnds = new Date(hold.expires_at).getTime()
      const wxExpire = gw.wx.trades.get(ws.data.out_trade_no)!.body.time_expire as string
      expect(wxExpire).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
      expect(new Date(wxExpire).getTime()).toBeLessThanOrEqual(holdEnds)
      expect(new Date(wxExpire).getTime()).toBeGreaterThan(holdEnds - 2000)
      expect(ws.data.pay_before).toBe(new Date(holdEnds).toISOString())

      const al = await bookedCart("13:00")
      const as = await session(al.pcId, ALIPAY)
      const alHoldEnds = new Date((await appointment(al.appointmentId)).expires_at).getTime()
      const biz = gw.ali.trades.get(as.data.out_trade_no)!.biz
      expect(biz.time_expire).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
      const aliExpire = new Date(`${biz.time_expire.replace(" ", "T")}+08:00`).getTime()
      expect(aliExpire).toBeLessThanOrEqual(alHoldEnds)
      expect(aliExpire).toBeGreaterThan(alHoldEnds - 2000)
      const minutes = Number(/^(\d+)m$/.exec(biz.timeout_express)![1])
      expect(Date.now() + minutes * 60_000).toBeLessThanOrEqual(alHoldEnds)

      // Nothing booked: the trade still closes within two hours.
      const plain = await cart("p19")
      const ps = await session(plain.pcId, WECHAT)
      const plainExpire = new Date(gw.wx.trades.get(ps.data.out_trade_no)!.body.time_expire).getTime()
      expect(plainExpire).toBeGreaterThan(Date.now() + 110 * 60_000)
      expect(plainExpire).toBeLessThanOrEqual(Date.now() + 120 * 60_000)
    })

    it("paid after the booking hold lapsed: refunded in full once (even when WeChat resends), the poll says so, no order, the slot is free", async () => {
      const { cartId, pcId, appointmentId } = await bookedCart("15:00")
      const s = await session(pcId, WECHAT)
      const refunded = record("payment.auto_refunded")
      // The customer pays at the last moment; WeChat's notification arrives after the hold ran out.
      await booking().updateBookingAppointments({ id: appointmentId, expires_at: new Date(Date.now() - 1000) })
      gw.pay(s.data.out_trade_no)
      const first = await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 12800, s.id)))
      expect([first.status, first.data.code]).toEqual([200, "SUCCESS"])
      const again = await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 12800, s.id)))
      expect([again.status, again.data.code]).toEqual([200, "SUCCESS"])

      const sent = gw.wx.requests.filter((r) => r.path === "/v3/refund/domestic/refunds").map((r) => r.body)
      expect(sent.filter((b) => b.out_trade_no === s.data.out_trade_no).map((b) => b.amount)).toEqual([{ refund: 12800, total: 12800, currency: "CNY" }])
      expect(wxRefundsOf(s.data.out_trade_no)).toEqual([12800])

      const st = await status(pcId)
      expect(st).toMatchObject({ paid: false, order_id: null, auto_refund: { amount: "128.00", refunded: true } })
      expect(st.auto_refund.reason).toMatch(/预约保留已过期/)
      expect(st.message).toMatch(/订单未能提交.*¥128\.00.*原路退回/)
      expect(st.message).toMatch(/could not be placed.*being refunded/)
      const seen = await eventually(async () => refunded, (x) => x.length > 0)
      expect(seen).toEqual([expect.objectContaining({ cart_id: cartId, provider_id: WECHAT, out_trade_no: s.data.out_trade_no, amount: "128.00" })])
      expect(seen[0].reason).toMatch(/预约保留已过期/)

      // Medusa's books: the money came in and went out again, on a payment that can never place the order.
      const [payment] = await (getContainer().resolve("payment") as any).listPayments({ payment_session_id: s.id }, { relations: ["refunds", "captures"] })
      expect(payment.canceled_at).toBeTruthy()
      expect(payment.captures.map((c: any) => Number(c.amount))).toEqual([128])
      expect(payment.refunds.map((r: any) => Number(r.amount))).toEqual([128])
      const late = await api.post(`/store/carts/${cartId}/complete`, {}, store()).catch((e) => e.response)
      expect(late.data.type).not.toBe("order")
      expect((await status(pcId)).order_id).toBeNull()
      expect((await appointment(appointmentId)).status).not.toBe("confirmed")
      // The room is single-seat, and free again for the next customer.
      const next = await bookedCart("15:00")
      expect((await appointment(next.appointmentId)).status).toBe("held")
      expect(seen).toHaveLength(1)
    })

    it("a transient failure while completing (database unreachable) answers 5xx so the gateway resends, and refunds nothing", async () => {
      const { pcId } = await cart("p19")
      const s = await session(pcId, ALIPAY)
      gw.pay(s.data.out_trade_no)
      const we = getContainer().resolve("workflows") as any
      const run = we.run
      we.run = async () => ({ errors: [{ error: new Error("Connection terminated unexpectedly") }] })
      let res: any
      try {
        res = await postAli(aliNotify(s.data.out_trade_no, "19.99"))
      } finally {
        we.run = run
      }
      expect([res.status, res.data]).toEqual([500, "fail"])
      expect(gw.ali.requests.filter((r) => r.method === "alipay.trade.refund" && r.biz.out_trade_no === s.data.out_trade_no)).toEqual([])
      expect((await status(pcId)).auto_refund).toBeNull()
      // The resend finds the database back: the order is placed.
      expect((await postAli(aliNotify(s.data.out_trade_no, "19.99"))).data).toBe("success")
      const placed = await status(pcId)
      expect(placed).toMatchObject({ paid: true, settling: false, order_id: expect.stringMatching(/^order_/) })

      // Medusa's order exists a moment before the shop's checkout is through (its record is made last):
      // in that moment the poll says "settling" and names no order, so no page opens on a half-made one.
      const merchants = getContainer().resolve("merchant") as any
      const [state] = await merchants.listMerchantOrderStates({ order_id: placed.order_id })
      await merchants.deleteMerchantOrderStates(state.id)
      expect(await status(pcId)).toMatchObject({ paid: true, settling: true, order_id: null })
    })

    it("paid with a coupon that expired meanwhile: the completion is undone, the payment refunded once, the notice acknowledged", async () => {
      const token = await customerToken(api, pk, "coupon-payer@tongcheng.test")
      const auth = storeHeaders(pk, { authorization: `Bearer ${token}` })
      const now = Date.now()
      const batch = (
        await api.post(
          "/vendor/coupons",
          { title: "立减10元", kind: "fixed", value: 10, total: 10, starts_at: new Date(now - 86_400_000).toISOString(), ends_at: new Date(now + 86_400_000).toISOString() },
          bearer(shop.token)
        )
      ).data.coupon
      const mine = (await api.post(`/store/coupons/${batch.id}/claim`, {}, auth)).data.customer_coupon
      const { data } = await api.post("/store/carts", { region_id: regionId }, auth)
      await api.post(`/store/carts/${data.cart.id}/line-items`, { variant_id: variants.p88, quantity: 1 }, auth)
      await api.post(`/store/carts/${data.cart.id}/coupons`, { customer_coupon_id: mine.id }, auth)
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: data.cart.id }, auth)
      const pcId = pc.payment_collection.id
      const s = (await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: WECHAT }, auth)).data.payment_collection.payment_sessions[0]
      expect(gw.wx.trades.get(s.data.out_trade_no)!.body.amount.total).toBe(7800)
      const refunded = record("payment.auto_refunded")
      await (getContainer().resolve("coupon") as any).updateCouponBatches({ id: batch.id, ends_at: new Date(Date.now() - 1000) })

      gw.pay(s.data.out_trade_no)
      expect((await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 7800, s.id)))).status).toBe(200)
      expect((await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 7800, s.id)))).status).toBe(200)
      expect(wxRefundsOf(s.data.out_trade_no)).toEqual([7800])
      const st = await status(pcId, auth)
      expect(st).toMatchObject({ paid: false, order_id: null, auto_refund: { amount: "78.00", refunded: true } })
      expect(st.auto_refund.reason).toMatch(/优惠券已过期/)
      expect(st.message).toMatch(/订单未能提交/)
      const seen = await eventually(async () => refunded, (x) => x.length > 0)
      expect(seen).toEqual([expect.objectContaining({ cart_id: data.cart.id, amount: "78.00" })])
      // WeChat's result notice for that refund is recognised, not bounced for hours.
      const [payment] = await (getContainer().resolve("payment") as any).listPayments({ payment_session_id: s.id }, { relations: ["refunds"] })
      // One refund in Medusa's books too: Medusa's own completion rollback and ours do not both pay out.
      expect(payment.refunds.map((r: any) => Number(r.amount))).toEqual([78])
      const refundNo = payment.data.refunds[0].out_refund_no
      const result = {
        mchid: WX.mchId,
        out_trade_no: s.data.out_trade_no,
        transaction_id: "4200000000202506010000000009",
        out_refund_no: refundNo,
        refund_id: "50000000382019052709732678001",
        refund_status: "SUCCESS",
        success_time: new Date().toISOString(),
        amount: { total: 7800, refund: 7800, payer_total: 7800, payer_refund: 7800 },
      }
      expect((await postWx(wxCallback(result, { eventType: "REFUND.SUCCESS", originalType: "refund" }))).status).toBe(200)
      expect(seen).toHaveLength(1)
    })

    it("an operator's refund retried after WeChat refunded but the answer was lost is paid once, and Medusa shows one refund", async () => {
      const { pcId } = await cart("p19")
      const s = await session(pcId, WECHAT)
      gw.pay(s.data.out_trade_no)
      expect((await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id)))).status).toBe(200)
      const paymentId = (await orderOf(pcId))!.payments[0].id

      // WeChat refunds, then its answer times out, and the refund query fails too: the operator sees why.
      gw.faults = [
        { match: "POST /v3/refund/domestic/refunds", how: "timeout", carryOut: true, times: 1 },
        { match: "GET /v3/refund/domestic/refunds/", how: "500", times: 1 },
      ]
      const lost = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5 }, admin).catch((e) => e.response)
      expect(lost.status).toBeGreaterThanOrEqual(400)
      expect(lost.status).toBeLessThan(500)
      expect(lost.data.message).toMatch(/无响应.*退款结果未知.*重试不会重复退款/)
      expect(wxRefundsOf(s.data.out_trade_no)).toEqual([500])
      expect((await orderOf(pcId))!.payments[0].refunds).toEqual([])

      // The operator tries again: the same out_refund_no, so WeChat pays nothing more.
      expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5 }, admin)).status).toBe(200)
      const sent = gw.wx.requests
        .filter((r) => r.path === "/v3/refund/domestic/refunds" && r.body.out_trade_no === s.data.out_trade_no)
        .map((r) => r.body.out_refund_no)
      expect(sent).toEqual([`${s.data.out_trade_no}_R1_500`, `${s.data.out_trade_no}_R1_500`])
      expect(wxRefundsOf(s.data.out_trade_no)).toEqual([500])
      expect((await orderOf(pcId))!.payments[0].refunds.map((r: any) => Number(r.amount))).toEqual([5])

      // The answer lost but the query works: the first attempt already succeeds, once.
      gw.faults = [{ match: "POST /v3/refund/domestic/refunds", how: "500", carryOut: true, times: 1 }]
      expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5 }, admin)).status).toBe(200)
      expect(wxRefundsOf(s.data.out_trade_no)).toEqual([500, 500])
      expect((await orderOf(pcId))!.payments[0].refunds.map((r: any) => Number(r.amount))).toEqual([5, 5])
      // A refund WeChat never got (refused before it): the operator is told it was not made.
      gw.faults = [{ match: "POST /v3/refund/domestic/refunds", how: "500", times: 1 }]
      const notMade = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 1 }, admin).catch((e) => e.response)
      expect(notMade.data.message).toMatch(/退款未完成/)
      expect(wxRefundsOf(s.data.out_trade_no)).toEqual([500, 500])

      // The refund callbacks still match their entries.
      const [p] = await (getContainer().resolve("payment") as any).listPayments({ id: paymentId })
      const callback = {
        mchid: WX.mchId,
        out_trade_no: s.data.out_trade_no,
        transaction_id: "4200000000202506010000000001",
        out_refund_no: p.data.refunds[1].out_refund_no,
        refund_id: "50000000382019052709732678002",
        refund_status: "SUCCESS",
        success_time: new Date().toISOString(),
        amount: { total: 1999, refund: 500, payer_total: 1999, payer_refund: 500 },
      }
      expect(p.data.refunds.map((r: any) => r.out_refund_no)).toEqual([`${s.data.out_trade_no}_R1_500`, `${s.data.out_trade_no}_R2_500`])
      expect((await postWx(wxCallback(callback, { eventType: "REFUND.SUCCESS", originalType: "refund" }))).status).toBe(200)
    })

    it("an operator's Alipay refund retried after Alipay refunded but the answer was lost is paid once", async () => {
      const { pcId } = await cart("p19")
      const s = await session(pcId, ALIPAY)
      gw.pay(s.data.out_trade_no)
      expect((await postAli(aliNotify(s.data.out_trade_no, "19.99"))).data).toBe("success")
      const paymentId = (await orderOf(pcId))!.payments[0].id
      const refunded = () => gw.ali.trades.get(s.data.out_trade_no)!.refunded

      gw.faults = [
        { match: "alipay.trade.refund", how: "500", carryOut: true, times: 1 },
        { match: "alipay.trade.fastpay.refund.query", how: "timeout", times: 1 },
      ]
      const lost = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 9.99 }, admin).catch((e) => e.response)
      expect(lost.status).toBeGreaterThanOrEqual(400)
      expect(lost.data.message).toMatch(/支付宝网关错误.*退款结果未知.*重试不会重复退款/)
      expect(refunded()).toBe(999)
      expect((await orderOf(pcId))!.payments[0].refunds).toEqual([])

      expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 9.99 }, admin)).status).toBe(200)
      expect(refunded()).toBe(999)
      const sent = gw.ali.requests
        .filter((r) => r.method === "alipay.trade.refund" && r.biz.out_trade_no === s.data.out_trade_no)
        .map((r) => r.biz.out_request_no)
      expect(sent).toEqual([`${s.data.out_trade_no}_R1_999`, `${s.data.out_trade_no}_R1_999`])
      expect((await orderOf(pcId))!.payments[0].refunds.map((r: any) => Number(r.amount))).toEqual([9.99])

      // Answer lost, the query finds the refund: done on the first attempt.
      gw.faults = [{ match: "alipay.trade.refund", how: "timeout", carryOut: true, times: 1 }]
      expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 10 }, admin)).status).toBe(200)
      expect(refunded()).toBe(1999)
      expect((await orderOf(pcId))!.payment_status).toBe("refunded")
    })

    it("closes the trade with the gateway when Medusa drops the session (another provider chosen, the cart re-priced)", async () => {
      const { cartId, pcId } = await cart("p19")
      const ws = await session(pcId, WECHAT)
      const as = await session(pcId, ALIPAY)
      const closes = () =>
        gw.wx.requests.filter((r) => r.method === "POST" && r.path === `/v3/pay/transactions/out-trade-no/${ws.data.out_trade_no}/close`)
      expect(closes().map((r) => r.body)).toEqual([{ mchid: WX.mchId }])
      const aliCloses = (no: string) => gw.ali.requests.filter((r) => r.method === "alipay.trade.close" && r.biz.out_trade_no === no)
      expect(aliCloses(as.data.out_trade_no)).toEqual([])

      // Back to WeChat: the Alipay trade is closed in turn.
      const ws2 = await session(pcId, WECHAT)
      expect(aliCloses(as.data.out_trade_no)).toHaveLength(1)
      // The cart changes price: Medusa drops the session, WeChat's trade for the old amount is closed.
      await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variants.p001, quantity: 1 }, store())
      expect(
        gw.wx.requests.filter((r) => r.method === "POST" && r.path === `/v3/pay/transactions/out-trade-no/${ws2.data.out_trade_no}/close`)
      ).toHaveLength(1)
    })

    it("the payment sheet names the shop and the order, whatever the client sends as description or subject", async () => {
      const { pcId } = await cart("p19", 2)
      const tricks = { description: "免费", subject: "免费", sheet_text: "免费", body: "免费", attach: "免费", payment_collection_id: "pay_col_01JNOTTHISONE0000000000000" }
      const ws = await session(pcId, WECHAT, tricks)
      const made = `测试商家41号店 · 到店服务 p19等2件`
      const sent = gw.wx.trades.get(ws.data.out_trade_no)!.body
      expect(sent.description).toBe(made)
      // The trade carries its session and collection, for a notification that arrives after Medusa dropped the session.
      expect(sent.attach).toBe(`${ws.id}|${pcId}`)
      const as = await session(pcId, ALIPAY, tricks)
      const biz = gw.ali.trades.get(as.data.out_trade_no)!.biz
      expect(biz.subject).toBe(made)
      expect(biz.body).toBe(`${as.id}|${pcId}`)

      // Nor can a call that bypasses the store API choose it: the providers do not read description or subject.
      const providers = (getContainer().resolve("payment") as any).paymentProviderService_
      const direct = await providers
        .retrieveProvider(WECHAT)
        .initiatePayment({ amount: 1, currency_code: "cny", data: { session_id: "payses_01JDIRECT00000000000000001", description: "免费" }, context: {} })
      expect(gw.wx.trades.get(direct.data.out_trade_no)!.body.description).toBe("同城订单")
      const aliDirect = await providers
        .retrieveProvider(ALIPAY)
        .initiatePayment({ amount: 1, currency_code: "cny", data: { session_id: "payses_01JDIRECT00000000000000002", subject: "免费" }, context: {} })
      expect(gw.ali.trades.get(aliDirect.data.out_trade_no)!.biz.subject).toBe("同城订单")
    })

    it("paid, then another provider picked or the cart changed: refused, the paid session stays, its notification places the order, nothing refunded", async () => {
      const paidRefusal = /该支付单已付款，订单正在确认中，请勿更换支付方式.*already paid/
      for (const [first, second] of [[WECHAT, ALIPAY], [ALIPAY, WECHAT]]) {
        const { cartId, pcId } = await cart("p19")
        const s = await session(pcId, first)
        const no = s.data.out_trade_no
        gw.pay(no)
        const [wxBefore, aliBefore] = [gw.wx.requests.length, gw.ali.requests.length]

        const other = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: second }, store()).catch((e) => e.response)
        expect([first, other.status, other.data.message]).toEqual([first, 400, expect.stringMatching(paidRefusal)])
        const again = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: first }, store()).catch((e) => e.response)
        expect([first, again.status, again.data.message]).toEqual([first, 400, expect.stringMatching(paidRefusal)])
        // A changed cart would re-price the collection and drop the session the same way: refused, and the item is not added.
        const add = await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variants.p001, quantity: 1 }, store()).catch((e) => e.response)
        expect([first, add.status, add.data.message]).toEqual([first, 400, expect.stringMatching(paidRefusal)])
        const { data: c } = await api.get(`/store/carts/${cartId}`, store())
        expect(c.cart.items.map((i: any) => i.variant_id)).toEqual([variants.p19])
        expect((await status(pcId)).sessions).toEqual([{ id: s.id, provider_id: first, status: "pending" }])
        // Nothing was opened with the other gateway and nothing was closed: only questions were asked.
        expect(gw.wx.requests.slice(wxBefore).filter((r) => r.method !== "GET")).toEqual([])
        expect(gw.ali.requests.slice(aliBefore).filter((r) => r.method !== "alipay.trade.query")).toEqual([])

        const res = first === WECHAT ? await postWx(wxCallback(wxTransaction(no, 1999, s.id))) : await postAli(aliNotify(no, "19.99"))
        expect([first, res.status]).toEqual([first, 200])
        const order = await orderOf(pcId)
        expect(order).toMatchObject({ payment_status: "captured" })
        expect(Number(order!.total)).toBe(19.99)
        expect(order!.payments).toHaveLength(1)
        expect(order!.payments[0].refunds).toEqual([])
        expect(wxRefundsOf(no)).toEqual([])
        expect(gw.ali.trades.get(no)?.refunded ?? 0).toBe(0)
      }

      // WeChat cannot be asked whether the trade was paid: refused with a retry message, the session stays.
      const { pcId } = await cart("p19")
      const s = await session(pcId, WECHAT)
      gw.mode = "500"
      const blind = await api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: ALIPAY }, store()).catch((e) => e.response)
      gw.mode = "ok"
      expect(blind.status).toBe(422)
      expect(blind.data.message).toMatch(/暂时无法向微信支付确认该支付单是否已付款，请稍后重试.*try again/)
      expect((await status(pcId)).sessions).toEqual([{ id: s.id, provider_id: WECHAT, status: "pending" }])
      // Unpaid and reachable: the switch goes through and the WeChat trade is closed.
      await session(pcId, ALIPAY)
      expect((await status(pcId)).sessions).toEqual([expect.objectContaining({ provider_id: ALIPAY })])
      expect(gw.wx.trades.get(s.data.out_trade_no)!.trade_state).toBe("CLOSED")
    })

    it("paid on a session Medusa already dropped: answered success, refunded in full once however often the gateway resends, payment.auto_refunded raised", async () => {
      const refunded = record("payment.auto_refunded")
      const payments = getContainer().resolve("payment") as any
      for (const provider of [WECHAT, ALIPAY]) {
        const { cartId, pcId } = await cart("p19")
        const s = await session(pcId, provider)
        const no = s.data.out_trade_no
        // Medusa drops the session while the gateway still says unpaid (its trade is closed with it)...
        await payments.deletePaymentSession(s.id)
        expect((await status(pcId)).sessions).toEqual([])
        // ...and the customer's payment still gets through (a QR code left open on a phone).
        gw.pay(no)
        const notify = () =>
          provider === WECHAT
            ? postWx(wxCallback(wxTransaction(no, 1999, s.id, { attach: gw.wx.trades.get(no)!.body.attach })))
            : postAli(aliNotify(no, "19.99", { body: gw.ali.trades.get(no)!.biz.body }))
        for (let i = 0; i < 4; i++) {
          const res = await notify()
          expect([provider, i, res.status]).toEqual([provider, i, 200])
          expect(res.data).toEqual(provider === WECHAT ? { code: "SUCCESS", message: "成功" } : "success")
        }
        if (provider === WECHAT) {
          expect(wxRefundsOf(no)).toEqual([1999])
          expect(gw.wx.requests.filter((r) => r.path === "/v3/refund/domestic/refunds" && r.body.out_trade_no === no).map((r) => r.body.amount)).toEqual([
            { refund: 1999, total: 1999, currency: "CNY" },
          ])
        } else {
          expect(gw.ali.trades.get(no)!.refunded).toBe(1999)
          expect(gw.ali.requests.filter((r) => r.method === "alipay.trade.refund" && r.biz.out_trade_no === no).map((r) => r.biz.refund_amount)).toEqual(["19.99"])
        }
        const seen = await eventually(async () => refunded.filter((e) => e.out_trade_no === no), (x) => x.length > 0)
        expect(seen).toEqual([
          expect.objectContaining({ provider_id: provider, out_trade_no: no, amount: "19.99", payment_collection_id: pcId, cart_id: cartId }),
        ])
        expect(seen[0].reason).toMatch(/支付会话已作废/)
        const [pc] = await payments.listPaymentCollections({ id: pcId })
        expect(pc.metadata.stray_refunds[no]).toMatchObject({ provider_id: provider, amount: "19.99", refunded_at: expect.any(String) })
        expect(await status(pcId)).toMatchObject({ paid: false, order_id: null })
      }

      // The gateway's result for that refund is acknowledged, not bounced for a day.
      const { pcId } = await cart("p19")
      const s = await session(pcId, WECHAT)
      await payments.deletePaymentSession(s.id)
      gw.pay(s.data.out_trade_no)
      // A trade opened before it carried its collection (attach = session id only) is refunded once all the same.
      expect((await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id)))).status).toBe(200)
      expect((await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id)))).status).toBe(200)
      expect(wxRefundsOf(s.data.out_trade_no)).toEqual([1999])
      const result = {
        mchid: WX.mchId,
        out_trade_no: s.data.out_trade_no,
        transaction_id: "4200000000202506010000000077",
        out_refund_no: `${s.data.out_trade_no}_R1_1999`,
        refund_id: "50000000382019052709732678077",
        refund_status: "SUCCESS",
        success_time: new Date().toISOString(),
        amount: { total: 1999, refund: 1999, payer_total: 1999, payer_refund: 1999 },
      }
      expect((await postWx(wxCallback(result, { eventType: "REFUND.SUCCESS", originalType: "refund" }))).status).toBe(200)
      const legacy = await eventually(async () => refunded.filter((e) => e.out_trade_no === s.data.out_trade_no), (x) => x.length > 0)
      expect(legacy).toEqual([expect.objectContaining({ provider_id: WECHAT, payment_collection_id: null, amount: "19.99" })])
    })

    it("Alipay answering 500 or timing out at checkout gives the customer a clear error and places no order", async () => {
      for (const how of ["500", "timeout"] as const) {
        const { cartId, pcId } = await cart("p19")
        const s = await session(pcId, ALIPAY)
        gw.pay(s.data.out_trade_no)
        gw.mode = how
        const done = await api.post(`/store/carts/${cartId}/complete`, {}, store()).catch((e) => e.response)
        gw.mode = "ok"
        expect(done.data.type).toBe("cart")
        expect(done.data.error.message).toMatch(how === "500" ? /支付宝网关错误.*HTTP 500/ : /支付宝网关.*无响应/)
        expect((await status(pcId)).order_id).toBeNull()
      }
    })

    it("WeChat certificate mode (older accounts): answers and callbacks signed under the platform certificate's serial verify; another serial is refused", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wxcert-"))
      const serial = `5${crypto.randomBytes(19).toString("hex").toUpperCase().slice(1)}`
      try {
        execFileSync("openssl", [
          "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
          "-subj", "/C=CN/O=Tenpay.com/OU=Tenpay.com CA Center/CN=Tenpay.com Root CA",
          "-set_serial", `0x${serial}`,
          "-keyout", path.join(dir, "key.pem"),
          "-out", path.join(dir, "cert.pem"),
        ], { stdio: "pipe" })
        const certPem = fs.readFileSync(path.join(dir, "cert.pem"), "utf8")
        const certKey = crypto.createPrivateKey(fs.readFileSync(path.join(dir, "key.pem"), "utf8"))
        expect(new crypto.X509Certificate(certPem).serialNumber.toUpperCase()).toBe(serial)

        const options = {
          appId: WX.appId,
          mchId: WX.mchId,
          serialNo: WX.serial,
          privateKey: ENV.WECHATPAY_PRIVATE_KEY,
          apiV3Key: WX.apiV3,
          platformCert: certPem,
          notifyUrl: ENV.WECHATPAY_NOTIFY_URL,
          baseUrl: GW,
          timeoutMs: 1500,
        }
        WechatPayProviderService.validateOptions(options)
        const quiet = { info() {}, warn() {}, error() {}, debug() {} }
        const provider = new WechatPayProviderService({ logger: quiet } as any, options as any)
        const sessionId = "payses_01JCERT0000000000000000001"

        gw.wxSigner = { key: certKey, serial }
        const created = await provider.initiatePayment({ amount: 19.99, currency_code: "cny", data: { session_id: sessionId }, context: {} } as any)
        expect((created.data as any).code_url).toMatch(/^weixin:\/\//)
        const outTradeNo = (created.data as any).out_trade_no
        gw.pay(outTradeNo)
        const paid = wxCallback(wxTransaction(outTradeNo, 1999, sessionId))
        expect(paid.headers["Wechatpay-Serial"]).toBe(serial)
        const event = await provider.getWebhookActionAndData({ data: {}, rawData: Buffer.from(paid.body), headers: paid.headers } as any)
        expect(event.action).toBe(PaymentActions.SUCCESSFUL)
        expect((event.data as any).notification).toMatchObject({ out_trade_no: outTradeNo, amount_fen: 1999 })
        expect((await provider.authorizePayment({ data: created.data } as any)).status).toBe("captured")

        // A callback under a serial the merchant never configured, or the right serial with another key: refused.
        const otherSerial = wxCallback(wxTransaction(outTradeNo, 1999, sessionId), { serial: WX.pubKeyId })
        await expect(
          provider.getWebhookActionAndData({ data: {}, rawData: Buffer.from(otherSerial.body), headers: otherSerial.headers } as any)
        ).rejects.toMatchObject({ type: "unauthorized", message: expect.stringMatching(/unknown Wechatpay-Serial/) })
        const otherKey = wxCallback(wxTransaction(outTradeNo, 1999, sessionId), { key: intruder.privateKey })
        await expect(
          provider.getWebhookActionAndData({ data: {}, rawData: Buffer.from(otherKey.body), headers: otherKey.headers } as any)
        ).rejects.toMatchObject({ type: "unauthorized", message: expect.stringMatching(/does not verify/) })
        // An answer signed under another serial is not believed either.
        gw.wxSigner = { key: certKey, serial: "1234567890ABCDEF1234567890ABCDEF12345678" }
        await expect(
          provider.initiatePayment({ amount: 19.99, currency_code: "cny", data: { session_id: "payses_01JCERT0000000000000000002" }, context: {} } as any)
        ).rejects.toMatchObject({ message: expect.stringMatching(/应答验签失败/) })
        // And the public-key provider Medusa runs does not take the certificate's signature.
        gw.wxSigner = null
        const { pcId } = await cart("p19")
        const s = await session(pcId, WECHAT)
        const viaHook = await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id), { key: certKey, serial }))
        expect([viaHook.status, viaHook.data.code]).toEqual([401, "FAIL"])
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })

    it("keys never reach the logs, and the gateway double refuses badly signed requests", async () => {
      // The APIv3 key and every full line of both private keys' PEM bodies.
      const secrets = [WX.apiV3, ...[wxMerchant.privateKey, aliApp.privateKey].flatMap((k) => pem(k, "pkcs8").split("\n").filter((l) => l.length === 64))]
      expect(secrets.length).toBeGreaterThan(30)
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER) as any
      const lines: string[] = []
      const keep = (...args: unknown[]) => lines.push(args.map((a) => (typeof a === "string" ? a : a instanceof Error ? `${a.message} ${a.stack}` : JSON.stringify(a))).join(" "))
      const restore: (() => void)[] = []
      const wrap = (obj: any, name: string) => {
        const original = obj[name]
        obj[name] = function (...args: unknown[]) {
          keep(...args)
          return original.apply(this, args)
        }
        restore.push(() => (obj[name] = original))
      }
      for (const m of ["info", "warn", "error", "debug", "log", "panic", "failure", "success", "activity"]) if (typeof logger[m] === "function") wrap(logger, m)
      for (const m of ["log", "info", "warn", "error", "debug"]) wrap(console, m)
      wrap(process.stdout, "write")
      wrap(process.stderr, "write")
      try {
        // A full round with every kind of trouble the providers log about.
        const { pcId } = await cart("p19")
        const s = await session(pcId, WECHAT)
        gw.pay(s.data.out_trade_no)
        await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id), { key: intruder.privateKey }))
        await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1998, s.id)))
        await postWx(wxCallback(wxTransaction(s.data.out_trade_no, 1999, s.id)))
        const paymentId = (await orderOf(pcId))!.payments[0].id
        gw.faults = [{ match: "POST /v3/refund/domestic/refunds", how: "500", times: 1 }]
        await api.post(`/admin/payments/${paymentId}/refund`, { amount: 1 }, admin).catch((e) => e.response)
        const al = await cart("p19")
        gw.mode = "forged"
        await api.post(`/store/payment-collections/${al.pcId}/payment-sessions`, { provider_id: ALIPAY }, store()).catch((e) => e.response)
        await api.post(`/store/payment-collections/${al.pcId}/payment-sessions`, { provider_id: WECHAT }, store()).catch((e) => e.response)
        gw.mode = "500"
        await api.post(`/store/payment-collections/${al.pcId}/payment-sessions`, { provider_id: ALIPAY }, store()).catch((e) => e.response)
        gw.mode = "ok"
        const as = await session(al.pcId, ALIPAY)
        gw.pay(as.data.out_trade_no)
        await postAli(aliNotify(as.data.out_trade_no, "19.99", {}, intruder.privateKey))
        await postAli(aliNotify(as.data.out_trade_no, "19.99"))
      } finally {
        for (const r of restore.reverse()) r()
      }
      const text = lines.join("\n")
      // The capture saw the providers' own complaints, so its silence about keys means something.
      expect(text).toMatch(/\[wechatpay\] callback refused/)
      expect(text).toMatch(/\[wechatpay\] refund \S+ got no usable answer/)
      expect(text).toMatch(/\[alipay\] .*failed/)
      expect(text).toMatch(/\[payments\] .*refused/)
      for (const secret of secrets) expect(text.includes(secret)).toBe(false)
      expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/)

      // The double itself: a request signed with a key that is not the merchant's is refused.
      const before = gw.badSignatures
      const body = JSON.stringify({ appid: WX.appId, mchid: WX.mchId, description: "x", out_trade_no: "FORGED000001", notify_url: ENV.WECHATPAY_NOTIFY_URL, amount: { total: 1, currency: "CNY" } })
      const ts = String(Math.floor(Date.now() / 1000))
      const nonce = crypto.randomBytes(16).toString("hex")
      const sig = crypto.createSign("RSA-SHA256").update(`POST\n/v3/pay/transactions/native\n${ts}\n${nonce}\n${body}\n`).sign(intruder.privateKey, "base64")
      const forged = await fetch(`${GW}/v3/pay/transactions/native`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${WX.mchId}",nonce_str="${nonce}",signature="${sig}",timestamp="${ts}",serial_no="${WX.serial}"`,
        },
        body,
      })
      expect(forged.status).toBe(401)
      expect((await forged.json()).code).toBe("SIGN_ERROR")
      expect(gw.wx.trades.has("FORGED000001")).toBe(false)
      const params: Record<string, string> = {
        app_id: ALI.appId,
        method: "alipay.trade.precreate",
        charset: "utf-8",
        sign_type: "RSA2",
        timestamp: "2025-06-01 12:00:00",
        version: "1.0",
        biz_content: JSON.stringify({ out_trade_no: "FORGED000002", total_amount: "0.01", subject: "x" }),
      }
      params.sign = crypto.createSign("RSA-SHA256").update(aliContent(params, ["sign"]), "utf8").sign(intruder.privateKey, "base64")
      const aliForged = await fetch(`${GW}/gateway.do`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params).toString(),
      })
      const answer = await aliForged.json()
      expect(answer.alipay_trade_precreate_response).toMatchObject({ code: "40002", sub_code: "isv.invalid-signature" })
      expect(gw.ali.trades.has("FORGED000002")).toBe(false)
      expect(gw.badSignatures).toBe(before + 2)
    })

    it("lists WeChat Pay, Alipay and Stripe cards for the region's checkout", async () => {
      const { data } = await api.get(`/store/payment-providers?region_id=${regionId}`, store())
      expect(data.payment_providers.map((p: any) => p.id).sort()).toEqual(
        ["pp_alipay_alipay", "pp_stripe_stripe", "pp_system_default", "pp_wechatpay_wechatpay"].sort()
      )
    })
  },
})
