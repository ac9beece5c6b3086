import crypto from "node:crypto"
import http from "node:http"
import { execFileSync } from "node:child_process"
import { encryptResource, parseAuthorization, requestMessage, rsaSign } from "../../src/modules/payment-wechatpay/lib/crypto"

/*
 * One small HTTP server plays both gateways (WeChat Pay v3 and Alipay). It checks every request we send
 * against our public keys (and refuses a bad signature), keeps trades the way the real gateway would, and
 * answers signed with its own keys. Callbacks are built and signed here exactly as the gateways document
 * them. No network: the providers are pointed at this server through their base-URL settings.
 *
 * Importing this module sets the WECHATPAY_* / ALIPAY_* / STRIPE_* settings in process.env: import it
 * before medusaIntegrationTestRunner boots Medusa (a plain import at the top of the spec does that), then
 * start `server` on GW_PORT in beforeAll.
 */

export const pem = (k: crypto.KeyObject, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }).toString()
export const rsa = () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })

export const wxMerchant = rsa() // 商户API私钥: we sign requests with it
export const wxPlatform = rsa() // 微信支付公钥: WeChat signs answers and callbacks with it
export const intruder = rsa()
export const aliApp = rsa() // 应用私钥
export const aliGateway = rsa() // 支付宝公钥

export const WX = {
  appId: "wx8888888888888888",
  mchId: "1900000001",
  serial: "5157F09EFDC096DE15EBE81A47057A72",
  pubKeyId: "PUB_KEY_ID_0119000000012025010100000000000001",
  apiV3: "0123456789abcdef0123456789ABCDEF",
}
export const ALI = { appId: "2021000000000001", sellerId: "2088000000000001" }

// The runner reads medusa-config.ts after this point: the providers must see their settings now, and
// the gateway's port must be known before the server starts.
export const GW_PORT = Number(
  execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString()
)
export const GW = `http://127.0.0.1:${GW_PORT}`
export const ENV: Record<string, string> = {
  WECHATPAY_APP_ID: WX.appId,
  WECHATPAY_MCH_ID: WX.mchId,
  WECHATPAY_MCH_SERIAL_NO: WX.serial,
  WECHATPAY_PRIVATE_KEY: pem(wxMerchant.privateKey, "pkcs8"),
  WECHATPAY_APIV3_KEY: WX.apiV3,
  WECHATPAY_PLATFORM_PUBLIC_KEY: pem(wxPlatform.publicKey, "spki"),
  WECHATPAY_PLATFORM_PUBLIC_KEY_ID: WX.pubKeyId,
  WECHATPAY_NOTIFY_URL: "https://api.tongcheng.test/hooks/wechatpay",
  WECHATPAY_BASE_URL: GW,
  WECHATPAY_TIMEOUT_MS: "1500",
  ALIPAY_APP_ID: ALI.appId,
  ALIPAY_PRIVATE_KEY: pem(aliApp.privateKey, "pkcs8"),
  ALIPAY_PUBLIC_KEY: pem(aliGateway.publicKey, "spki"),
  ALIPAY_SELLER_ID: ALI.sellerId,
  ALIPAY_NOTIFY_URL: "https://api.tongcheng.test/hooks/alipay",
  ALIPAY_RETURN_URL: "https://m.tongcheng.test/pay/return",
  ALIPAY_GATEWAY: `${GW}/gateway.do`,
  ALIPAY_TIMEOUT_MS: "1500",
  STRIPE_API_KEY: "sk_test_tongcheng_not_used",
  STRIPE_WEBHOOK_SECRET: "whsec_tongcheng_not_used",
}
Object.assign(process.env, ENV)

// ---------------------------------------------------------------- the gateway double
type Mode = "ok" | "500" | "timeout" | "forged"
/**
 * A one-off failure for requests whose key starts with `match` (WeChat: "POST /v3/refund/domestic/refunds",
 * Alipay: the method name, "alipay.trade.refund"). With `carryOut` the gateway does the work first and only
 * the answer is lost, which is what makes a retry dangerous.
 */
export type Fault = { match: string; how: "500" | "timeout"; carryOut?: boolean; times: number }
export const gw = {
  mode: "ok" as Mode,
  badSignatures: 0,
  faults: [] as Fault[],
  /** Who signs WeChat's answers and callbacks: the public key (default) or a platform certificate's key. */
  wxSigner: null as { key: crypto.KeyObject; serial: string } | null,
  wx: {
    trades: new Map<string, { body: any; trade_state: string; transaction_id: string; type: string; code_url?: string }>(),
    refunds: new Map<string, { out_trade_no: string; refund: number; refund_id: string }>(),
    requests: [] as { method: string; path: string; body: any }[],
  },
  ali: {
    trades: new Map<string, { biz: any; status: string; trade_no: string; refunded: number }>(),
    refunds: new Map<string, { out_trade_no: string; amount: string }>(),
    requests: [] as { method: string; biz: any; params: Record<string, string> }[],
  },
  /** The customer scans and pays: the gateway now knows the trade as paid. */
  pay(outTradeNo: string) {
    const w = this.wx.trades.get(outTradeNo)
    if (w) w.trade_state = "SUCCESS"
    const a = this.ali.trades.get(outTradeNo)
    if (a) a.status = "TRADE_SUCCESS"
  },
}

export function wxSignedHeaders(body: string, opts: { ts?: number; nonce?: string; key?: crypto.KeyObject; serial?: string } = {}) {
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000))
  const nonce = opts.nonce ?? crypto.randomBytes(16).toString("hex")
  return {
    "Wechatpay-Timestamp": ts,
    "Wechatpay-Nonce": nonce,
    "Wechatpay-Serial": opts.serial ?? gw.wxSigner?.serial ?? WX.pubKeyId,
    "Wechatpay-Signature": rsaSign(
      `${ts}\n${nonce}\n${body}\n`,
      opts.key ?? (gw.mode === "forged" ? intruder.privateKey : (gw.wxSigner?.key ?? wxPlatform.privateKey))
    ),
  }
}

export function wxAnswer(res: http.ServerResponse, status: number, payload?: unknown) {
  const body = payload === undefined ? "" : JSON.stringify(payload)
  res.writeHead(status, { "content-type": "application/json", ...wxSignedHeaders(body) })
  res.end(body)
}

export function handleWechat(req: http.IncomingMessage, raw: string, res: http.ServerResponse) {
  const auth = parseAuthorization(req.headers.authorization)
  const okSig =
    !!auth &&
    auth.mchid === WX.mchId &&
    auth.serial_no === WX.serial &&
    crypto.verify(
      "sha256",
      Buffer.from(requestMessage(req.method!, req.url!, auth.timestamp, auth.nonce_str, raw)),
      wxMerchant.publicKey,
      Buffer.from(auth.signature ?? "", "base64")
    )
  if (!okSig) {
    gw.badSignatures++
    return wxAnswer(res, 401, { code: "SIGN_ERROR", message: "签名错误" })
  }
  const body = raw ? JSON.parse(raw) : undefined
  const url = new URL(req.url!, GW)
  gw.wx.requests.push({ method: req.method!, path: url.pathname, body })
  const create = /^\/v3\/pay\/transactions\/(native|jsapi|h5)$/.exec(url.pathname)
  if (req.method === "POST" && create) {
    if (body.mchid !== WX.mchId || body.appid !== WX.appId || !Number.isInteger(body.amount?.total)) {
      return wxAnswer(res, 400, { code: "PARAM_ERROR", message: "参数错误" })
    }
    const id = crypto.randomBytes(8).toString("hex")
    const codeUrl = `weixin://wxpay/bizpayurl?pr=${id}`
    gw.wx.trades.set(body.out_trade_no, { body, trade_state: "NOTPAY", transaction_id: `42000${Date.now()}`, type: create[1], code_url: codeUrl })
    if (create[1] === "native") return wxAnswer(res, 200, { code_url: codeUrl })
    if (create[1] === "h5") return wxAnswer(res, 200, { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx${id}` })
    return wxAnswer(res, 200, { prepay_id: `wx${id}` })
  }
  const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname)
  if (req.method === "GET" && query) {
    const t = gw.wx.trades.get(decodeURIComponent(query[1]))
    if (!t) return wxAnswer(res, 404, { code: "ORDER_NOT_EXIST", message: "订单不存在" })
    return wxAnswer(res, 200, {
      appid: WX.appId,
      mchid: WX.mchId,
      out_trade_no: t.body.out_trade_no,
      transaction_id: t.trade_state === "SUCCESS" ? t.transaction_id : undefined,
      trade_type: t.type.toUpperCase(),
      trade_state: t.trade_state,
      trade_state_desc: t.trade_state,
      amount: { total: t.body.amount.total, currency: "CNY" },
    })
  }
  const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname)
  if (req.method === "POST" && close) {
    if (body?.mchid !== WX.mchId) return wxAnswer(res, 400, { code: "PARAM_ERROR", message: "参数错误" })
    // A paid trade cannot be closed; WeChat says so.
    const t = gw.wx.trades.get(decodeURIComponent(close[1]))
    if (t && (t.trade_state === "SUCCESS" || t.trade_state === "REFUND")) return wxAnswer(res, 400, { code: "ORDERPAID", message: "订单已支付" })
    if (t) t.trade_state = "CLOSED"
    return wxAnswer(res, 204)
  }
  const refundQuery = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(url.pathname)
  if (req.method === "GET" && refundQuery) {
    const no = decodeURIComponent(refundQuery[1])
    const r = gw.wx.refunds.get(no)
    if (!r) return wxAnswer(res, 404, { code: "RESOURCE_NOT_EXISTS", message: "退款单不存在" })
    const t = gw.wx.trades.get(r.out_trade_no)!
    return wxAnswer(res, 200, {
      refund_id: r.refund_id,
      out_refund_no: no,
      out_trade_no: r.out_trade_no,
      status: "SUCCESS",
      amount: { total: t.body.amount.total, refund: r.refund, currency: "CNY" },
    })
  }
  if (req.method === "POST" && url.pathname === "/v3/refund/domestic/refunds") {
    const t = gw.wx.trades.get(body.out_trade_no)
    // WeChat's trade reads REFUND (转入退款) once a refund was made.
    if (!t || (t.trade_state !== "SUCCESS" && t.trade_state !== "REFUND")) return wxAnswer(res, 404, { code: "RESOURCE_NOT_EXISTS", message: "订单不存在" })
    const again = gw.wx.refunds.get(body.out_refund_no)
    if (!again) {
      const refunded = [...gw.wx.refunds.values()].filter((r) => r.out_trade_no === body.out_trade_no).reduce((s, r) => s + r.refund, 0)
      if (body.amount.total !== t.body.amount.total || refunded + body.amount.refund > t.body.amount.total) {
        return wxAnswer(res, 400, { code: "INVALID_REQUEST", message: "退款金额超过订单可退金额" })
      }
      gw.wx.refunds.set(body.out_refund_no, {
        out_trade_no: body.out_trade_no,
        refund: body.amount.refund,
        refund_id: `50000${crypto.randomBytes(4).toString("hex")}`,
      })
      t.trade_state = "REFUND"
    }
    return wxAnswer(res, 200, {
      refund_id: gw.wx.refunds.get(body.out_refund_no)!.refund_id,
      out_refund_no: body.out_refund_no,
      out_trade_no: body.out_trade_no,
      status: "PROCESSING",
      amount: { total: t.body.amount.total, refund: body.amount.refund, currency: "CNY" },
    })
  }
  return wxAnswer(res, 404, { code: "NOT_FOUND", message: url.pathname })
}

/** Alipay's RSA2 content: every parameter but sign, sorted, key=value joined with &. */
export function aliContent(params: Record<string, string>, drop: string[]) {
  return Object.keys(params)
    .filter((k) => !drop.includes(k) && params[k] !== undefined && params[k] !== "")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&")
}

export function aliAnswer(res: http.ServerResponse, method: string, payload: Record<string, unknown>) {
  const inner = JSON.stringify(payload)
  const key = gw.mode === "forged" ? intruder.privateKey : aliGateway.privateKey
  const sign = crypto.createSign("RSA-SHA256").update(inner, "utf8").sign(key, "base64")
  res.writeHead(200, { "content-type": "application/json;charset=utf-8" })
  res.end(`{"${method.replace(/\./g, "_")}_response":${inner},"sign":"${sign}"}`)
}

export function handleAlipay(req: http.IncomingMessage, raw: string, res: http.ServerResponse) {
  const url = new URL(req.url!, GW)
  const params: Record<string, string> = {}
  url.searchParams.forEach((v, k) => (params[k] = v))
  new URLSearchParams(raw).forEach((v, k) => (params[k] = v))
  const method = params.method
  const ok =
    params.app_id === ALI.appId &&
    crypto.createVerify("RSA-SHA256").update(aliContent(params, ["sign"]), "utf8").verify(aliApp.publicKey, params.sign ?? "", "base64")
  if (!ok) {
    gw.badSignatures++
    return aliAnswer(res, method, { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" })
  }
  const biz = JSON.parse(params.biz_content ?? "{}")
  gw.ali.requests.push({ method, biz, params })
  const t = gw.ali.trades.get(biz.out_trade_no)
  const notFound = { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST", sub_msg: "交易不存在" }
  switch (method) {
    case "alipay.trade.precreate":
      gw.ali.trades.set(biz.out_trade_no, { biz, status: "WAIT_BUYER_PAY", trade_no: `2025${Date.now()}`, refunded: 0 })
      return aliAnswer(res, method, { code: "10000", msg: "Success", out_trade_no: biz.out_trade_no, qr_code: `https://qr.alipay.com/bax0${biz.out_trade_no.slice(-8)}` })
    case "alipay.trade.query":
      if (!t) return aliAnswer(res, method, notFound)
      return aliAnswer(res, method, { code: "10000", msg: "Success", out_trade_no: biz.out_trade_no, trade_no: t.trade_no, trade_status: t.status, total_amount: t.biz.total_amount })
    case "alipay.trade.close":
      if (!t) return aliAnswer(res, method, notFound)
      // Only a trade waiting for payment can be closed.
      if (t.status !== "WAIT_BUYER_PAY") return aliAnswer(res, method, { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_STATUS_ERROR", sub_msg: "交易状态不合法" })
      t.status = "TRADE_CLOSED"
      return aliAnswer(res, method, { code: "10000", msg: "Success" })
    case "alipay.trade.refund": {
      // A request number Alipay already paid is answered again as it was, even once the trade is closed.
      const known = gw.ali.refunds.has(biz.out_request_no)
      if (!t || (!known && t.status !== "TRADE_SUCCESS")) return aliAnswer(res, method, notFound)
      const fen = (s: string) => Math.round(Number(s) * 100) // test side only; values are 2-decimal strings
      let fundChange = "N"
      if (!known) {
        if (t.refunded + fen(biz.refund_amount) > fen(t.biz.total_amount)) {
          return aliAnswer(res, method, { code: "40004", msg: "Business Failed", sub_code: "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", sub_msg: "退款金额超限" })
        }
        t.refunded += fen(biz.refund_amount)
        gw.ali.refunds.set(biz.out_request_no, { out_trade_no: biz.out_trade_no, amount: biz.refund_amount })
        fundChange = "Y"
        // Refunded in full, Alipay closes the trade.
        if (t.refunded === fen(t.biz.total_amount)) t.status = "TRADE_CLOSED"
      }
      return aliAnswer(res, method, { code: "10000", msg: "Success", out_trade_no: biz.out_trade_no, fund_change: fundChange, refund_fee: biz.refund_amount })
    }
    case "alipay.trade.fastpay.refund.query": {
      // Alipay answers 10000 either way; only a refund that was made carries its amount.
      const r = gw.ali.refunds.get(biz.out_request_no)
      if (!r || r.out_trade_no !== biz.out_trade_no) return aliAnswer(res, method, { code: "10000", msg: "Success", out_trade_no: biz.out_trade_no })
      return aliAnswer(res, method, {
        code: "10000",
        msg: "Success",
        out_trade_no: biz.out_trade_no,
        out_request_no: biz.out_request_no,
        refund_amount: r.amount,
        total_amount: t!.biz.total_amount,
        refund_status: "REFUND_SUCCESS",
      })
    }
  }
  return aliAnswer(res, method ?? "unknown", { code: "40004", msg: "Business Failed", sub_code: "ACQ.UNKNOWN_METHOD" })
}

/** What a fault is matched against: WeChat's "METHOD /path", Alipay's method name. */
function requestKey(req: http.IncomingMessage, raw: string) {
  const url = new URL(req.url!, GW)
  if (!url.pathname.startsWith("/gateway.do")) return `${req.method} ${url.pathname}`
  return url.searchParams.get("method") ?? new URLSearchParams(raw).get("method") ?? ""
}

function takeFault(key: string): Fault | undefined {
  const f = gw.faults.find((x) => x.times > 0 && key.startsWith(x.match))
  if (f) f.times--
  return f
}

function misbehave(res: http.ServerResponse, how: "500" | "timeout") {
  if (how === "timeout") return void setTimeout(() => res.destroy(), 4000)
  res.writeHead(500, { "content-type": "application/json" })
  res.end('{"code":"SYSTEM_ERROR","message":"系统繁忙"}')
}

/** A response that goes nowhere: the gateway did the work, the answer is lost. */
const lost = { writeHead: () => lost, end: () => lost } as unknown as http.ServerResponse

export const server = http.createServer((req, res) => {
  let raw = ""
  req.setEncoding("utf8")
  req.on("data", (c) => (raw += c))
  req.on("end", () => {
    if (gw.mode === "timeout" || gw.mode === "500") return misbehave(res, gw.mode)
    const fault = takeFault(requestKey(req, raw))
    if (fault && !fault.carryOut) return misbehave(res, fault.how)
    const out = fault ? lost : res
    try {
      if (req.url!.startsWith("/gateway.do")) handleAlipay(req, raw, out)
      else handleWechat(req, raw, out)
    } catch (e: any) {
      out.writeHead(599)
      out.end(String(e?.message))
    }
    if (fault) misbehave(res, fault.how)
  })
})

// ---------------------------------------------------------------- callbacks as the gateways send them
export function wxTransaction(outTradeNo: string, totalFen: number, sessionId: string, overrides: Record<string, unknown> = {}) {
  return {
    appid: WX.appId,
    mchid: WX.mchId,
    out_trade_no: outTradeNo,
    transaction_id: "4200000000202506010000000001",
    trade_type: "NATIVE",
    trade_state: "SUCCESS",
    trade_state_desc: "支付成功",
    bank_type: "OTHERS",
    attach: sessionId,
    success_time: new Date().toISOString().replace(/\.\d+Z$/, "+00:00"),
    payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
    amount: { total: totalFen, payer_total: totalFen, currency: "CNY", payer_currency: "CNY" },
    ...overrides,
  }
}

export function wxCallback(
  resource: object,
  opts: { eventType?: string; originalType?: string; ts?: number; nonce?: string; key?: crypto.KeyObject; serial?: string } = {}
) {
  const body = JSON.stringify({
    id: `EV-${crypto.randomUUID()}`,
    create_time: new Date().toISOString(),
    resource_type: "encrypt-resource",
    event_type: opts.eventType ?? "TRANSACTION.SUCCESS",
    summary: "支付成功",
    resource: encryptResource(JSON.stringify(resource), WX.apiV3, opts.originalType ?? "transaction"),
  })
  return { body, headers: { "content-type": "application/json", ...wxSignedHeaders(body, opts) } }
}

export function aliNotify(outTradeNo: string, totalAmount: string, overrides: Record<string, string> = {}, key = aliGateway.privateKey) {
  const fields: Record<string, string> = {
    gmt_create: "2025-06-01 12:00:00",
    charset: "utf-8",
    gmt_payment: "2025-06-01 12:00:05",
    notify_time: "2025-06-01 12:00:06",
    subject: "同城订单",
    buyer_id: "2088102177846875",
    invoice_amount: totalAmount,
    version: "1.0",
    notify_id: `2025060100222120005${crypto.randomBytes(6).toString("hex")}`,
    fund_bill_list: '[{"amount":"' + totalAmount + '","fundChannel":"ALIPAYACCOUNT"}]',
    notify_type: "trade_status_sync",
    out_trade_no: outTradeNo,
    total_amount: totalAmount,
    trade_status: "TRADE_SUCCESS",
    trade_no: "2025060122001446870000000001",
    auth_app_id: ALI.appId,
    receipt_amount: totalAmount,
    point_amount: "0.00",
    app_id: ALI.appId,
    buyer_pay_amount: totalAmount,
    seller_id: ALI.sellerId,
    ...overrides,
  }
  fields.sign = crypto.createSign("RSA-SHA256").update(aliContent(fields, ["sign", "sign_type"]), "utf8").sign(key, "base64")
  fields.sign_type = "RSA2"
  return fields
}

export const WECHAT = "pp_wechatpay_wechatpay"
export const ALIPAY = "pp_alipay_alipay"

/**
 * The gateway double for one suite: listening before the suite's own set-up runs (call this first in
 * testSuite), closed with the provider settings cleaned after, and back to a well-behaved gateway before
 * each test.
 */
export function useGatewayDouble() {
  beforeAll(() => new Promise<void>((r) => server.listen(GW_PORT, "127.0.0.1", () => r())))
  afterAll(async () => {
    for (const k of Object.keys(ENV)) delete process.env[k]
    await new Promise((r) => server.close(r))
  })
  beforeEach(() => {
    gw.mode = "ok"
    gw.faults = []
    gw.wxSigner = null
  })
}
