import crypto from "node:crypto"
import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { fenToYuan, toFen } from "../../lib/money"
import { readPem } from "../../lib/pem"
import {
  paidTradeRefusal,
  parseTradeRef,
  refundRequestNo,
  rfc3339Beijing,
  tradeDeadline,
  tradeRef,
  tradeUnknownRefusal,
} from "../../lib/trade"
import type { GatewayRefund, GatewayTrade } from "../../lib/gateway-trade"
import { WechatPayApiError, WechatPayClient, WechatPayGatewayError } from "./lib/client"
import {
  certificateSerial,
  decryptResource,
  jsapiParams,
  NonceCache,
  OUT_TRADE_NO,
  outTradeNoFor,
  sessionIdFromOutTradeNo,
  verifyWechatSignature,
  WechatSignatureError,
} from "./lib/crypto"

export type WechatPayOptions = {
  appId: string
  mchId: string
  /** Serial number of the merchant API certificate (商户API证书序列号). */
  serialNo: string
  privateKey?: string
  privateKeyPath?: string
  /** 32-byte APIv3 key (APIv3密钥). */
  apiV3Key: string
  /** Public-key mode: WeChat Pay public key and its id ("PUB_KEY_ID_…"). */
  platformPublicKey?: string
  platformPublicKeyPath?: string
  platformPublicKeyId?: string
  /** Certificate mode: one or more platform certificates (concatenated PEM). */
  platformCert?: string
  platformCertPath?: string
  notifyUrl: string
  baseUrl?: string
  timeoutMs?: number
  /** Shown in the WeChat payment sheet when the cart names no shop; at most 127 characters. */
  description?: string
}

export type TradeType = "NATIVE" | "JSAPI" | "H5"

type SessionData = {
  session_id: string
  out_trade_no: string
  revision: number
  trade_type: TradeType
  amount_fen: number
  currency_code: "cny"
  /** The cart's earliest booking-hold expiry, if any (set by the payment-session middleware). */
  pay_before?: string
  /** When WeChat stops accepting payment for this trade (RFC 3339). */
  time_expire?: string
  /** The payment sheet's text, made by the server from the cart (see description()). */
  sheet_text?: string
  /** Set by the payment-session middleware; goes into `attach` so a notification finds the cart. */
  payment_collection_id?: string
  code_url?: string
  h5_url?: string
  prepay_id?: string
  jsapi?: Record<string, string>
  transaction_id?: string
  trade_state?: string
  refunds?: { out_refund_no: string; refund_id?: string; fen: number; status?: string }[]
}

/** What a verified callback said, beyond Medusa's action/data pair. */
export type WechatNotification = {
  kind: "payment" | "refund"
  event_type: string
  out_trade_no: string
  amount_fen: number
  transaction_id?: string
  out_refund_no?: string
  refund_status?: string
  success_time?: string
  /** From `attach`: the session the trade was opened for and its payment collection. */
  session_id?: string
  payment_collection_id?: string
}

const REQUIRED: (keyof WechatPayOptions)[] = ["appId", "mchId", "serialNo", "apiV3Key", "notifyUrl"]

function splitPems(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}

/**
 * WeChat Pay API v3 (微信支付) as a Medusa payment provider: Native QR, JSAPI and H5, captured at once
 * (WeChat has no separate capture), refunds through /v3/refund/domestic/refunds.
 */
class WechatPayProviderService extends AbstractPaymentProvider<WechatPayOptions> {
  static identifier = "wechatpay"

  protected logger_: Logger
  protected client_: WechatPayClient
  protected privateKey_: crypto.KeyObject
  protected publicKeys_: Map<string, crypto.KeyObject>
  protected nonces_ = new NonceCache()
  protected refundsInFlight_ = new Set<string>()

  static validateOptions(options: Record<string, unknown>) {
    for (const k of REQUIRED) {
      if (!options[k]) throw new Error(`微信支付缺少配置 ${k} (WeChat Pay option ${k} is missing)`)
    }
    if (Buffer.byteLength(String(options.apiV3Key), "utf8") !== 32) {
      throw new Error("WECHATPAY_APIV3_KEY 必须是 32 个字符 (the APIv3 key must be 32 characters)")
    }
    if (!options.privateKey && !options.privateKeyPath) {
      throw new Error("微信支付缺少商户私钥 (WeChat Pay needs privateKey or privateKeyPath)")
    }
    const hasPub = options.platformPublicKey || options.platformPublicKeyPath
    if (!hasPub && !options.platformCert && !options.platformCertPath) {
      throw new Error("微信支付缺少微信支付公钥或平台证书 (WeChat Pay needs a platform public key or certificate)")
    }
    if (hasPub && !options.platformPublicKeyId) {
      throw new Error("微信支付公钥模式需要公钥 ID (platformPublicKeyId, PUB_KEY_ID_…)")
    }
  }

  constructor(cradle: Record<string, unknown>, options: WechatPayOptions) {
    super(cradle, options)
    this.logger_ = cradle.logger as Logger
    this.privateKey_ = crypto.createPrivateKey(
      readPem(options.privateKey, options.privateKeyPath, "WECHATPAY_PRIVATE_KEY")
    )
    this.publicKeys_ = new Map()
    if (options.platformPublicKey || options.platformPublicKeyPath) {
      const pem = readPem(options.platformPublicKey, options.platformPublicKeyPath, "WECHATPAY_PLATFORM_PUBLIC_KEY")
      this.publicKeys_.set(options.platformPublicKeyId!, crypto.createPublicKey(pem))
    }
    if (options.platformCert || options.platformCertPath) {
      const pems = splitPems(readPem(options.platformCert, options.platformCertPath, "WECHATPAY_PLATFORM_CERT"))
      for (const pem of pems) {
        this.publicKeys_.set(certificateSerial(pem), new crypto.X509Certificate(pem).publicKey)
      }
    }
    this.client_ = new WechatPayClient({
      baseUrl: options.baseUrl || "https://api.mch.weixin.qq.com",
      mchId: options.mchId,
      serialNo: options.serialNo,
      privateKey: this.privateKey_,
      publicKeys: this.publicKeys_,
      timeoutMs: Number(options.timeoutMs) || 10000,
    })
  }

  /** Gateway trouble becomes an error the storefront can show; the message names WeChat Pay. */
  protected fail(e: unknown, action: string): never {
    if (MedusaError.isMedusaError(e)) throw e
    const err = e as Error
    this.logger_?.warn?.(`[wechatpay] ${action} failed: ${err?.message}`)
    if (e instanceof WechatPayGatewayError || e instanceof WechatPayApiError) {
      throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, `${err.message}，请稍后重试 (${action})`)
    }
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `微信支付${action}失败 (WeChat Pay ${action} failed)`)
  }

  /**
   * The payment sheet's text: `sheet_text`, which the payment-session middleware makes from the cart's
   * shop and items, else the configured default. A client's `description` is never read.
   */
  private description(data: Record<string, unknown>): string {
    const own = typeof data.sheet_text === "string" ? data.sheet_text.trim() : ""
    return Array.from(own || this.config.description || "同城订单").slice(0, 127).join("")
  }

  private async createTrade(
    sessionId: string,
    revision: number,
    fen: number,
    extra: Record<string, unknown>
  ): Promise<SessionData> {
    const deadline = tradeDeadline(extra.pay_before)
    const tradeType = (String(extra.trade_type || "NATIVE").toUpperCase() as TradeType)
    if (!["NATIVE", "JSAPI", "H5"].includes(tradeType)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `不支持的微信支付方式 trade_type=${tradeType} (use NATIVE, JSAPI or H5)`)
    }
    if (fen < 1) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "微信支付金额至少 0.01 元 (WeChat Pay needs at least 0.01 CNY)")
    }
    const out_trade_no = outTradeNoFor(sessionId, revision)
    const body: Record<string, unknown> = {
      appid: this.config.appId,
      mchid: this.config.mchId,
      description: this.description(extra),
      out_trade_no,
      // Echoed back in the callback inside the encrypted, signed resource: ties the trade to its cart
      // even after Medusa has dropped the session.
      attach: tradeRef(sessionId, extra.payment_collection_id),
      notify_url: this.config.notifyUrl,
      amount: { total: fen, currency: "CNY" },
      // WeChat refuses payment after this, so nobody pays for a booking hold that has lapsed.
      time_expire: rfc3339Beijing(deadline),
    }
    if (tradeType === "JSAPI") {
      const openid = extra.openid
      if (typeof openid !== "string" || !/^[\w-]{6,128}$/.test(openid)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "JSAPI 支付需要用户 openid (data.openid is required for JSAPI)")
      }
      body.payer = { openid }
    }
    if (tradeType === "H5") {
      const ip = extra.payer_client_ip
      if (typeof ip !== "string" || !/^[0-9a-fA-F:.]{3,45}$/.test(ip)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "H5 支付需要用户 IP (data.payer_client_ip is required for H5)")
      }
      body.scene_info = { payer_client_ip: ip, h5_info: { type: "Wap" } }
    }
    const path = `/v3/pay/transactions/${tradeType.toLowerCase()}`
    const { data } = await this.client_.request<any>("POST", path, body)
    const out: SessionData = {
      session_id: sessionId,
      out_trade_no,
      revision,
      trade_type: tradeType,
      amount_fen: fen,
      currency_code: "cny",
      ...(typeof extra.pay_before === "string" ? { pay_before: extra.pay_before } : {}),
      ...(typeof extra.sheet_text === "string" ? { sheet_text: extra.sheet_text } : {}),
      ...(typeof extra.payment_collection_id === "string" ? { payment_collection_id: extra.payment_collection_id } : {}),
      time_expire: body.time_expire as string,
    }
    if (tradeType === "NATIVE") out.code_url = data.code_url
    if (tradeType === "H5") out.h5_url = data.h5_url
    if (tradeType === "JSAPI") {
      out.prepay_id = data.prepay_id
      out.jsapi = jsapiParams(this.config.appId, data.prepay_id, this.privateKey_)
    }
    if (!out.code_url && !out.h5_url && !out.prepay_id) {
      throw new WechatPayGatewayError("微信支付下单应答缺少支付链接 (WeChat Pay answered without code_url/h5_url/prepay_id)")
    }
    return out
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    if (String(input.currency_code).toLowerCase() !== "cny") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `微信支付只支持人民币 (WeChat Pay takes CNY, not ${input.currency_code})`)
    }
    const sessionId = String(input.data?.session_id ?? input.context?.idempotency_key ?? "")
    if (!sessionId.startsWith("payses_")) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "缺少支付会话 ID (missing payment session id)")
    }
    try {
      const data = await this.createTrade(sessionId, 0, toFen(input.amount as any), input.data ?? {})
      return { id: data.out_trade_no, status: PaymentSessionStatus.PENDING, data }
    } catch (e) {
      this.fail(e, "下单")
    }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = input.data as unknown as SessionData
    const fen = toFen(input.amount as any)
    if (data?.out_trade_no && data.amount_fen === fen) return { data: input.data }
    try {
      // WeChat keeps an out_trade_no bound to its first amount: close it, open the next revision. A paid
      // one is not given up (see release).
      if (data?.out_trade_no) await this.release(data.out_trade_no)
      const next = await this.createTrade(data.session_id, (data.revision ?? 0) + 1, fen, input.data ?? {})
      return { data: next, status: PaymentSessionStatus.PENDING }
    } catch (e) {
      this.fail(e, "改价")
    }
  }

  private async query(outTradeNo: string) {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.config.mchId)}`
    const { data } = await this.client_.request<any>("GET", path)
    return data
  }

  private async close(outTradeNo: string) {
    await this.client_.request("POST", `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, {
      mchid: this.config.mchId,
    })
  }

  /** Asks WeChat whether the trade is paid; the answer is what authorizes the session in Medusa. */
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = input.data as unknown as SessionData
    if (!data?.out_trade_no) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "支付会话缺少商户订单号 (session has no out_trade_no)")
    }
    let trade: any
    try {
      trade = await this.query(data.out_trade_no)
    } catch (e) {
      this.fail(e, "查单")
    }
    if (trade.trade_state === "SUCCESS") {
      if (trade.amount?.total !== data.amount_fen || trade.mchid !== this.config.mchId || trade.appid !== this.config.appId) {
        this.logger_?.error?.(`[wechatpay] paid trade ${data.out_trade_no} does not match the session (amount/mchid/appid)`)
        throw new MedusaError(
          MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
          "微信支付金额与订单不一致，已拒绝 (WeChat Pay trade does not match the session amount or merchant)"
        )
      }
      return {
        status: PaymentSessionStatus.CAPTURED,
        data: { ...input.data, transaction_id: trade.transaction_id, trade_state: "SUCCESS" },
      }
    }
    if (trade.trade_state === "NOTPAY" || trade.trade_state === "USERPAYING") {
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        "尚未收到微信支付款项，请完成支付后再提交 (the customer has not paid with WeChat Pay yet)"
      )
    }
    throw new MedusaError(
      MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      `微信支付未成功：${trade.trade_state_desc ?? trade.trade_state} (WeChat Pay trade is ${trade.trade_state})`
    )
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // A WeChat payment is settled when the customer pays: nothing to capture separately.
    return { data: input.data }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = input.data as unknown as SessionData
    if (data?.out_trade_no && data.trade_state !== "SUCCESS") {
      await this.close(data.out_trade_no).catch((e) =>
        this.logger_?.warn?.(`[wechatpay] close ${data.out_trade_no} failed: ${e.message}`)
      )
    }
    return { data: input.data }
  }

  /**
   * Medusa drops a session (another provider chosen, the cart changed) and then hard-deletes it, so
   * whatever is not refused here is forgotten: a trade the customer already paid is kept, and the
   * session with it, for the notification to place the order.
   */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const data = input.data as unknown as SessionData
    if (data?.out_trade_no) await this.release(data.out_trade_no)
    return { data: input.data }
  }

  /**
   * Closes a trade that is being given up, unless its money may already be with us: paid (SUCCESS, or
   * WeChat answering ORDERPAID to the close) refuses, and so does a gateway that cannot be asked, since
   * then nobody knows. A trade WeChat never saw, already closed or refunded needs nothing.
   */
  async release(outTradeNo: string): Promise<void> {
    const trade = await this.queryTrade(outTradeNo)
    if (trade.state === "paid") throw paidTradeRefusal()
    if (trade.state === "unknown") throw tradeUnknownRefusal("微信支付", trade.detail ?? trade.gateway_status)
    if (trade.state !== "unpaid" || trade.gateway_status === "ORDER_NOT_EXIST") return
    try {
      await this.close(outTradeNo)
    } catch (e) {
      if (e instanceof WechatPayApiError && e.code === "ORDERPAID") throw paidTradeRefusal()
      if (e instanceof WechatPayApiError && e.code === "ORDER_CLOSED") return
      if (e instanceof WechatPayApiError && e.status < 500 && e.code !== "SYSTEM_ERROR") {
        this.logger_?.warn?.(`[wechatpay] close ${outTradeNo} refused: ${e.message}`)
        return
      }
      throw tradeUnknownRefusal("微信支付", (e as Error)?.message)
    }
  }

  /**
   * WeChat's own record of a refund, by our number: what to believe when the refund request itself got
   * no usable answer (timeout, 5xx, unverifiable reply). null when WeChat has no such refund.
   */
  private async queryRefund(outRefundNo: string): Promise<any | null> {
    try {
      const { data } = await this.client_.request<any>("GET", `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`)
      return data
    } catch (e) {
      if (e instanceof WechatPayApiError && e.status === 404) return null
      throw e
    }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = input.data as unknown as SessionData
    const fen = toFen(input.amount as any)
    if (!data?.out_trade_no) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "退款缺少商户订单号 (the payment has no out_trade_no)")
    }
    const outRefundNo = refundRequestNo(data.out_trade_no, (data.refunds ?? []).length, fen)
    // Two identical refunds at once (a double click) would share the number and WeChat would pay once
    // while Medusa recorded two: the second is refused while the first is in flight.
    if (this.refundsInFlight_.has(outRefundNo)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "相同的退款正在处理中，请稍后刷新 (the same refund is already being processed)")
    }
    this.refundsInFlight_.add(outRefundNo)
    let refund: any
    try {
      const res = await this.client_.request<any>("POST", "/v3/refund/domestic/refunds", {
        out_trade_no: data.out_trade_no,
        out_refund_no: outRefundNo,
        notify_url: this.config.notifyUrl,
        amount: { refund: fen, total: data.amount_fen, currency: "CNY" },
      })
      refund = res.data
    } catch (e) {
      if (e instanceof WechatPayApiError) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `微信支付退款被拒绝 (${e.message})`)
      }
      if (!(e instanceof WechatPayGatewayError)) this.fail(e, "退款")
      // The request may have reached WeChat and refunded before the answer was lost: ask before failing.
      this.logger_?.warn?.(`[wechatpay] refund ${outRefundNo} got no usable answer (${(e as Error).message}); querying it`)
      refund = await this.queryRefund(outRefundNo).catch(() => undefined)
      if (!refund) {
        throw new MedusaError(
          MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
          `${(e as Error).message}；退款${refund === null ? "未完成" : "结果未知"}，请稍后重试，重试不会重复退款 ` +
            `(the refund ${refund === null ? "was not made" : "outcome is unknown"}; retrying is safe, WeChat pays a refund number once)`
        )
      }
      if (refund.out_trade_no !== data.out_trade_no || Number(refund.amount?.refund) !== fen) {
        this.logger_?.error?.(`[wechatpay] refund ${outRefundNo} on WeChat does not match the request (trade/amount)`)
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "微信支付退款记录与申请不符 (WeChat's refund record does not match the request)")
      }
    } finally {
      this.refundsInFlight_.delete(outRefundNo)
    }
    if (refund.status === "ABNORMAL" || refund.status === "CLOSED") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `微信支付退款失败 (WeChat Pay refund is ${refund.status})`)
    }
    const refunds = [...(data.refunds ?? []).filter((r) => r.out_refund_no !== outRefundNo)]
    refunds.push({ out_refund_no: outRefundNo, refund_id: refund.refund_id, fen, status: refund.status })
    return { data: { ...input.data, refunds } }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = input.data as unknown as SessionData
    try {
      const trade = await this.query(data.out_trade_no)
      return { data: { ...input.data, trade_state: trade.trade_state, transaction_id: trade.transaction_id } }
    } catch (e) {
      this.fail(e, "查单")
    }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = input.data as unknown as SessionData
    let trade: any
    try {
      trade = await this.query(data.out_trade_no)
    } catch (e) {
      this.fail(e, "查单")
    }
    const map: Record<string, PaymentSessionStatus> = {
      SUCCESS: PaymentSessionStatus.CAPTURED,
      REFUND: PaymentSessionStatus.CAPTURED,
      NOTPAY: PaymentSessionStatus.PENDING,
      USERPAYING: PaymentSessionStatus.PENDING,
      CLOSED: PaymentSessionStatus.CANCELED,
      REVOKED: PaymentSessionStatus.CANCELED,
      PAYERROR: PaymentSessionStatus.ERROR,
    }
    return { status: map[trade.trade_state] ?? PaymentSessionStatus.PENDING, data: { ...input.data, trade_state: trade.trade_state } }
  }

  /**
   * The trade as WeChat holds it, for reconciliation. Gateway trouble is an answer ("unknown" with the
   * reason) rather than an error, so one unreachable trade does not stop a whole run.
   */
  async queryTrade(outTradeNo: string): Promise<GatewayTrade> {
    let trade: any
    try {
      trade = await this.query(outTradeNo)
    } catch (e: any) {
      if (e instanceof WechatPayApiError && e.status === 404) {
        return { out_trade_no: outTradeNo, state: "unpaid", gateway_status: e.code || "ORDER_NOT_EXIST" }
      }
      return { out_trade_no: outTradeNo, state: "unknown", gateway_status: "ERROR", detail: String(e?.message ?? e) }
    }
    if (trade.mchid !== this.config.mchId || (trade.appid && trade.appid !== this.config.appId) || trade.out_trade_no !== outTradeNo) {
      return { out_trade_no: outTradeNo, state: "unknown", gateway_status: String(trade.trade_state), detail: "应答不是本商户的这笔交易 (the answer is for another merchant or trade)" }
    }
    const states: Record<string, GatewayTrade["state"]> = {
      SUCCESS: "paid",
      REFUND: "refunded",
      NOTPAY: "unpaid",
      USERPAYING: "unpaid",
      PAYERROR: "unpaid",
      CLOSED: "closed",
      REVOKED: "closed",
    }
    return {
      out_trade_no: outTradeNo,
      state: states[trade.trade_state] ?? "unknown",
      amount_fen: Number.isSafeInteger(trade.amount?.total) ? trade.amount.total : undefined,
      gateway_status: String(trade.trade_state),
      transaction_id: trade.transaction_id,
    }
  }

  /** A refund's final word from WeChat, by our refund number (reconciliation of refunds still PROCESSING). */
  async queryRefundResult(outTradeNo: string, outRefundNo: string): Promise<GatewayRefund> {
    let refund: any
    try {
      refund = await this.queryRefund(outRefundNo)
    } catch (e: any) {
      return { out_refund_no: outRefundNo, status: "UNKNOWN", detail: String(e?.message ?? e) }
    }
    if (!refund) return { out_refund_no: outRefundNo, status: "NOT_FOUND" }
    if (refund.out_trade_no !== outTradeNo) {
      return { out_refund_no: outRefundNo, status: "UNKNOWN", detail: "退款单不属于这笔交易 (the refund belongs to another trade)" }
    }
    const status = String(refund.status ?? "").toUpperCase()
    return {
      out_refund_no: outRefundNo,
      status: (["SUCCESS", "PROCESSING", "ABNORMAL", "CLOSED"].includes(status) ? status : "UNKNOWN") as GatewayRefund["status"],
      amount_fen: Number.isSafeInteger(Number(refund.amount?.refund)) ? Number(refund.amount.refund) : undefined,
      success_time: refund.success_time,
    }
  }

  /**
   * Verifies a callback (signature by serial, 5-minute window, unused nonce), decrypts its resource and
   * checks it names this merchant. Throws on anything forged or malformed; the hook route answers FAIL.
   */
  verifyNotification(payload: ProviderWebhookPayload["payload"]): WechatNotification {
    const raw = payload.rawData
    const body = Buffer.isBuffer(raw) ? raw.toString("utf8") : typeof raw === "string" ? raw : ""
    if (!body) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "回调缺少原始报文 (callback has no raw body)")
    }
    try {
      verifyWechatSignature({
        headers: payload.headers as Record<string, unknown>,
        body,
        publicKeys: this.publicKeys_,
        nonces: this.nonces_,
      })
    } catch (e) {
      if (e instanceof WechatSignatureError) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, e.message)
      throw e
    }
    let event: any
    let resource: any
    try {
      event = JSON.parse(body)
      resource = JSON.parse(decryptResource(event.resource, this.config.apiV3Key))
    } catch {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "回调报文无法解密 (callback resource does not decrypt)")
    }
    if (resource.mchid !== this.config.mchId || (resource.appid && resource.appid !== this.config.appId)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "回调的商户号或 AppID 不是本商户 (callback is for another merchant)")
    }
    if (typeof resource.out_trade_no !== "string" || !OUT_TRADE_NO.test(resource.out_trade_no)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "回调的商户订单号无效 (invalid out_trade_no)")
    }
    const eventType = String(event.event_type ?? "")
    if (eventType.startsWith("REFUND.")) {
      return {
        kind: "refund",
        event_type: eventType,
        out_trade_no: resource.out_trade_no,
        amount_fen: Number(resource.amount?.refund),
        out_refund_no: resource.out_refund_no,
        refund_status: resource.refund_status,
        success_time: resource.success_time,
      }
    }
    const fen = resource.amount?.total
    if (!Number.isSafeInteger(fen) || (resource.amount?.currency && resource.amount.currency !== "CNY")) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "回调金额无效 (callback amount is invalid)")
    }
    return {
      kind: "payment",
      event_type: resource.trade_state === "SUCCESS" ? eventType : `${eventType}:${resource.trade_state}`,
      out_trade_no: resource.out_trade_no,
      amount_fen: fen,
      transaction_id: resource.transaction_id,
      ...parseTradeRef(resource.attach),
    }
  }

  /**
   * Medusa's entry point for gateway events. Besides Medusa's {session_id, amount} the data carries
   * `notification` (out_trade_no, fen, kind) so the hook route can hold it against the session.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const notification = this.verifyNotification(payload)
    const data = {
      session_id: sessionIdFromOutTradeNo(notification.out_trade_no),
      amount: fenToYuan(Math.max(0, notification.amount_fen || 0)),
      notification,
    }
    if (notification.kind === "payment" && notification.event_type === "TRANSACTION.SUCCESS") {
      return { action: PaymentActions.SUCCESSFUL, data }
    }
    return { action: PaymentActions.NOT_SUPPORTED, data }
  }
}

export default WechatPayProviderService
