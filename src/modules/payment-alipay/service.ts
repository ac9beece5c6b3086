import crypto from "node:crypto"
import { AlipaySdk } from "alipay-sdk"
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
import { fenToYuan, toFen, yuanToFen } from "../../lib/money"
import { asPem, readPem } from "../../lib/pem"
import {
  alipayTime,
  paidTradeRefusal,
  parseTradeRef,
  refundRequestNo,
  timeoutExpress,
  tradeDeadline,
  tradeRef,
  tradeUnknownRefusal,
} from "../../lib/trade"
import type { GatewayRefund, GatewayTrade } from "../../lib/gateway-trade"

export type AlipayOptions = {
  appId: string
  privateKey?: string
  privateKeyPath?: string
  /** Alipay's public key (支付宝公钥), not the app's own. */
  alipayPublicKey?: string
  alipayPublicKeyPath?: string
  /** The merchant's Alipay user id (PID, 2088…): notifications must name it as seller_id. */
  sellerId: string
  notifyUrl: string
  returnUrl?: string
  gateway?: string
  timeoutMs?: number
  /** The payment sheet's title when the cart names no shop. */
  subject?: string
}

export type AlipayTradeType = "PRECREATE" | "PAGE" | "WAP"

type SessionData = {
  session_id: string
  out_trade_no: string
  revision: number
  trade_type: AlipayTradeType
  total_amount: string
  currency_code: "cny"
  /** The cart's earliest booking-hold expiry, if any (set by the payment-session middleware). */
  pay_before?: string
  /** When Alipay stops accepting payment for this trade ("yyyy-MM-dd HH:mm:ss", Beijing time). */
  time_expire?: string
  /** The payment sheet's text, made by the server from the cart (see subject()). */
  sheet_text?: string
  /** Set by the payment-session middleware; goes into `body` so a notification finds the cart. */
  payment_collection_id?: string
  qr_code?: string
  redirect_url?: string
  trade_no?: string
  trade_status?: string
  refunds?: { out_request_no: string; refund_amount: string; fen?: number; status?: string }[]
}

export type AlipayNotification = {
  kind: "payment" | "refund"
  trade_status: string
  out_trade_no: string
  amount_fen: number
  trade_no?: string
  refund_fee?: string
  /** refund_fee in fen: Alipay's running total refunded on the trade so far, not this refund's amount. */
  refund_total_fen?: number
  out_refund_no?: string
  refund_status?: string
  success_time?: string
  /** From `body`: the session the trade was opened for and its payment collection. */
  session_id?: string
  payment_collection_id?: string
}

const REQUIRED: (keyof AlipayOptions)[] = ["appId", "sellerId", "notifyUrl"]
const OUT_TRADE_NO = /^[0-9A-Za-z_]{6,64}$/
const NOT_PAID_CODES = new Set(["ACQ.TRADE_NOT_EXIST"])

/**
 * Alipay could not be reached, timed out, answered 5xx or with a reply that fails verification: the
 * request may or may not have been carried out.
 */
export class AlipayGatewayError extends MedusaError {
  constructor(message: string) {
    super(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, message)
  }
}

export function outTradeNoFor(sessionId: string, revision = 0) {
  const base = sessionId.replace(/^payses_/, "").replace(/[^0-9A-Za-z]/g, "")
  return revision > 0 ? `${base}_${revision}` : base
}

export function sessionIdFromOutTradeNo(outTradeNo: string) {
  return `payses_${outTradeNo.split("_")[0]}`
}

/** Alipay's console gives keys as bare base64; a PKCS#1 key has to be told apart from PKCS#8. */
function privateKeyAndType(text: string): { key: string; keyType: "PKCS1" | "PKCS8" } {
  if (text.includes("BEGIN RSA PRIVATE KEY")) return { key: text, keyType: "PKCS1" }
  if (text.includes("BEGIN PRIVATE KEY")) return { key: text, keyType: "PKCS8" }
  const der = Buffer.from(text.replace(/\s+/g, ""), "base64")
  try {
    crypto.createPrivateKey({ key: der, format: "der", type: "pkcs8" })
    return { key: asPem(text, "PRIVATE KEY"), keyType: "PKCS8" }
  } catch {
    return { key: `-----BEGIN RSA PRIVATE KEY-----\n${text.replace(/\s+/g, "")}\n-----END RSA PRIVATE KEY-----\n`, keyType: "PKCS1" }
  }
}

/**
 * Alipay (支付宝) through the official alipay-sdk: precreate QR, PC page pay and mobile wap pay,
 * settled at once; RSA2 both ways (responses are checked with Alipay's public key, not skipped).
 */
class AlipayProviderService extends AbstractPaymentProvider<AlipayOptions> {
  static identifier = "alipay"

  protected logger_: Logger
  protected sdk_: AlipaySdk
  protected refundsInFlight_ = new Set<string>()

  static validateOptions(options: Record<string, unknown>) {
    for (const k of REQUIRED) {
      if (!options[k]) throw new Error(`支付宝缺少配置 ${k} (Alipay option ${k} is missing)`)
    }
    if (!options.privateKey && !options.privateKeyPath) {
      throw new Error("支付宝缺少应用私钥 (Alipay needs privateKey or privateKeyPath)")
    }
    if (!options.alipayPublicKey && !options.alipayPublicKeyPath) {
      throw new Error("支付宝缺少支付宝公钥 (Alipay needs alipayPublicKey or alipayPublicKeyPath)")
    }
  }

  constructor(cradle: Record<string, unknown>, options: AlipayOptions) {
    super(cradle, options)
    this.logger_ = cradle.logger as Logger
    const { key, keyType } = privateKeyAndType(readPem(options.privateKey, options.privateKeyPath, "ALIPAY_PRIVATE_KEY"))
    const alipayPublicKey = asPem(
      readPem(options.alipayPublicKey, options.alipayPublicKeyPath, "ALIPAY_PUBLIC_KEY"),
      "PUBLIC KEY"
    )
    this.sdk_ = new AlipaySdk({
      appId: options.appId,
      privateKey: key,
      keyType,
      alipayPublicKey,
      gateway: options.gateway || "https://openapi.alipay.com/gateway.do",
      timeout: Number(options.timeoutMs) || 10000,
      camelcase: false,
      signType: "RSA2",
    })
  }

  /** Calls an OpenAPI 2.0 method with the response signature checked; returns the *_response node. */
  protected async call(method: string, bizContent: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    try {
      return (await this.sdk_.exec(method, { ...extra, bizContent }, { validateSign: true })) as Record<string, any>
    } catch (e: any) {
      const raw = String(e?.message ?? e)
      this.logger_?.warn?.(`[alipay] ${method} failed: ${raw.slice(0, 200)}`)
      const timedOut = /timeout/i.test(raw) || /timeout/i.test(String(e?.cause?.name ?? ""))
      const status = /status: (\d+)/.exec(raw)?.[1]
      const what = timedOut
        ? `支付宝网关 ${Number(this.config.timeoutMs) || 10000} 毫秒内无响应 (Alipay gateway timed out)`
        : status
          ? `支付宝网关错误 (Alipay answered HTTP ${status})`
          : /验签失败/.test(raw)
            ? "支付宝应答验签失败 (Alipay response failed verification)"
            : "无法连接支付宝网关 (cannot reach Alipay)"
      throw new AlipayGatewayError(`${what}，请稍后重试`)
    }
  }

  /**
   * The payment sheet's title: `sheet_text`, which the payment-session middleware makes from the cart's
   * shop and items, else the configured default. A client's `subject` is never read. Alipay refuses
   * "/", "=" and "&" in it.
   */
  private subject(data: Record<string, unknown>) {
    const own = typeof data.sheet_text === "string" ? data.sheet_text.trim() : ""
    const text = (own || this.config.subject || "同城订单").replace(/[/=&]/g, " ").trim()
    return Array.from(text).slice(0, 256).join("")
  }

  private async createTrade(sessionId: string, revision: number, fen: number, extra: Record<string, unknown>): Promise<SessionData> {
    const tradeType = String(extra.trade_type || "PRECREATE").toUpperCase() as AlipayTradeType
    if (!["PRECREATE", "PAGE", "WAP"].includes(tradeType)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `不支持的支付宝支付方式 trade_type=${tradeType} (use PRECREATE, PAGE or WAP)`)
    }
    if (fen < 1) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "支付宝金额至少 0.01 元 (Alipay needs at least 0.01 CNY)")
    }
    const out_trade_no = outTradeNoFor(sessionId, revision)
    const total_amount = fenToYuan(fen)
    const now = Date.now()
    const deadline = tradeDeadline(extra.pay_before, now)
    const biz: Record<string, unknown> = {
      out_trade_no,
      total_amount,
      subject: this.subject(extra),
      // Alipay hands `body` back in its notify unchanged: it ties the trade to its cart even after Medusa
      // has dropped the session. (passback_params is documented for page/wap pay, not for precreate.)
      body: tradeRef(sessionId, extra.payment_collection_id),
      // Alipay closes the trade then, so nobody pays for a booking hold that has lapsed. time_expire
      // wins where Alipay knows it; timeout_express (rounded down) covers the rest.
      time_expire: alipayTime(deadline),
      timeout_express: timeoutExpress(deadline, now),
    }
    const out: SessionData = {
      session_id: sessionId,
      out_trade_no,
      revision,
      trade_type: tradeType,
      total_amount,
      currency_code: "cny",
      ...(typeof extra.pay_before === "string" ? { pay_before: extra.pay_before } : {}),
      ...(typeof extra.sheet_text === "string" ? { sheet_text: extra.sheet_text } : {}),
      ...(typeof extra.payment_collection_id === "string" ? { payment_collection_id: extra.payment_collection_id } : {}),
      time_expire: biz.time_expire as string,
    }
    if (tradeType === "PRECREATE") {
      const res = await this.call("alipay.trade.precreate", { ...biz, seller_id: this.config.sellerId }, { notify_url: this.config.notifyUrl })
      if (res.code !== "10000" || !res.qr_code) {
        throw new MedusaError(
          MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
          `支付宝下单失败：${res.sub_msg ?? res.msg} (Alipay precreate failed: ${res.sub_code ?? res.code})`
        )
      }
      out.qr_code = res.qr_code
      return out
    }
    // Page/wap pay never talk to Alipay from the server: the signed URL is where the browser goes.
    const method = tradeType === "PAGE" ? "alipay.trade.page.pay" : "alipay.trade.wap.pay"
    const product_code = tradeType === "PAGE" ? "FAST_INSTANT_TRADE_PAY" : "QUICK_WAP_WAY"
    const returnUrl = typeof extra.return_url === "string" && /^https:\/\//.test(extra.return_url) ? extra.return_url : this.config.returnUrl
    out.redirect_url = this.sdk_.pageExecute(method, "GET", {
      bizContent: { ...biz, product_code },
      notifyUrl: this.config.notifyUrl,
      ...(returnUrl ? { returnUrl } : {}),
    })
    return out
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    if (String(input.currency_code).toLowerCase() !== "cny") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `支付宝只支持人民币 (Alipay takes CNY, not ${input.currency_code})`)
    }
    const sessionId = String(input.data?.session_id ?? input.context?.idempotency_key ?? "")
    if (!sessionId.startsWith("payses_")) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "缺少支付会话 ID (missing payment session id)")
    }
    const data = await this.createTrade(sessionId, 0, toFen(input.amount as any), input.data ?? {})
    return { id: data.out_trade_no, status: PaymentSessionStatus.PENDING, data }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = input.data as unknown as SessionData
    const fen = toFen(input.amount as any)
    if (data?.out_trade_no && yuanToFen(data.total_amount) === fen) return { data: input.data }
    // A paid trade is not given up for a new price (see release).
    if (data?.out_trade_no) await this.release(data.out_trade_no)
    const next = await this.createTrade(data.session_id, (data.revision ?? 0) + 1, fen, input.data ?? {})
    return { data: next, status: PaymentSessionStatus.PENDING }
  }

  private async query(outTradeNo: string) {
    return this.call("alipay.trade.query", { out_trade_no: outTradeNo })
  }

  private async close(outTradeNo: string) {
    const res = await this.call("alipay.trade.close", { out_trade_no: outTradeNo })
    if (res.code !== "10000" && !NOT_PAID_CODES.has(res.sub_code)) {
      this.logger_?.warn?.(`[alipay] close ${outTradeNo}: ${res.sub_code ?? res.code}`)
    }
    return res
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = input.data as unknown as SessionData
    if (!data?.out_trade_no) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "支付会话缺少商户订单号 (session has no out_trade_no)")
    }
    const res = await this.query(data.out_trade_no)
    if (res.code === "10000" && (res.trade_status === "TRADE_SUCCESS" || res.trade_status === "TRADE_FINISHED")) {
      if (res.total_amount !== data.total_amount) {
        this.logger_?.error?.(`[alipay] paid trade ${data.out_trade_no} amount ${res.total_amount} ≠ session ${data.total_amount}`)
        throw new MedusaError(
          MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
          "支付宝金额与订单不一致，已拒绝 (Alipay trade amount does not match the session)"
        )
      }
      return { status: PaymentSessionStatus.CAPTURED, data: { ...input.data, trade_no: res.trade_no, trade_status: res.trade_status } }
    }
    if (res.trade_status === "WAIT_BUYER_PAY" || NOT_PAID_CODES.has(res.sub_code)) {
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        "尚未收到支付宝款项，请完成支付后再提交 (the customer has not paid with Alipay yet)"
      )
    }
    throw new MedusaError(
      MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      `支付宝交易未成功：${res.trade_status ?? res.sub_msg ?? res.msg} (Alipay trade is ${res.trade_status ?? res.sub_code})`
    )
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: input.data }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = input.data as unknown as SessionData
    if (data?.out_trade_no && data.trade_status !== "TRADE_SUCCESS" && data.trade_status !== "TRADE_FINISHED") {
      await this.close(data.out_trade_no).catch(() => undefined)
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
   * Closes a trade that is being given up, unless its money may already be with us: paid
   * (TRADE_SUCCESS/TRADE_FINISHED, or the close answered ACQ.TRADE_STATUS_ERROR because it was paid
   * meanwhile) refuses, and so does an Alipay that cannot be asked, since then nobody knows. A QR code
   * nobody scanned is unknown to Alipay (ACQ.TRADE_NOT_EXIST) and is closed all the same, in case it is
   * scanned later.
   */
  async release(outTradeNo: string): Promise<void> {
    const trade = await this.queryTrade(outTradeNo)
    if (trade.state === "paid") throw paidTradeRefusal()
    if (trade.state === "unknown") throw tradeUnknownRefusal("支付宝", trade.detail || trade.gateway_status)
    if (trade.state !== "unpaid") return
    let res: Record<string, any>
    try {
      res = await this.close(outTradeNo)
    } catch (e: any) {
      throw tradeUnknownRefusal("支付宝", e?.message)
    }
    if (res.sub_code === "ACQ.TRADE_STATUS_ERROR") throw paidTradeRefusal()
    if (res.code === "20000" || res.sub_code === "ACQ.SYSTEM_ERROR") throw tradeUnknownRefusal("支付宝", res.sub_code ?? res.code)
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = input.data as unknown as SessionData
    const fen = toFen(input.amount as any)
    const refund_amount = fenToYuan(fen)
    if (!data?.out_trade_no) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "退款缺少商户订单号 (the payment has no out_trade_no)")
    }
    const out_request_no = refundRequestNo(data.out_trade_no, (data.refunds ?? []).length, fen)
    // Two identical refunds at once (a double click) would share the number and Alipay would pay once
    // while Medusa recorded two: the second is refused while the first is in flight.
    if (this.refundsInFlight_.has(out_request_no)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "相同的退款正在处理中，请稍后刷新 (the same refund is already being processed)")
    }
    this.refundsInFlight_.add(out_request_no)
    try {
      let res: Record<string, any>
      try {
        res = await this.call("alipay.trade.refund", { out_trade_no: data.out_trade_no, refund_amount, out_request_no })
        // Alipay's own "system busy" (20000 / ACQ.SYSTEM_ERROR): its documentation says to ask again with
        // the same request number, i.e. the outcome is unknown, like a timeout.
        if (res.code === "20000" || res.sub_code === "ACQ.SYSTEM_ERROR") {
          throw new AlipayGatewayError(`支付宝系统繁忙 (Alipay answered ${res.sub_code ?? res.code})`)
        }
      } catch (e) {
        if (!(e instanceof AlipayGatewayError)) throw e
        // The request may have reached Alipay and refunded before the answer was lost: ask before failing.
        const found = await this.refundMade(data.out_trade_no, out_request_no, refund_amount).catch(() => undefined)
        if (!found) {
          throw new MedusaError(
            MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
            `${e.message}；退款${found === false ? "未完成" : "结果未知"}，请稍后重试，重试不会重复退款 ` +
              `(the refund ${found === false ? "was not made" : "outcome is unknown"}; retrying is safe, Alipay pays a request number once)`
          )
        }
        res = { code: "10000" }
      }
      if (res.code !== "10000") {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `支付宝退款被拒绝：${res.sub_msg ?? res.msg} (Alipay refund refused: ${res.sub_code ?? res.code})`
        )
      }
    } finally {
      this.refundsInFlight_.delete(out_request_no)
    }
    const refunds = (data.refunds ?? []).filter((r) => r.out_request_no !== out_request_no)
    refunds.push({ out_request_no, refund_amount, fen })
    return { data: { ...input.data, refunds } }
  }

  /**
   * alipay.trade.fastpay.refund.query: Alipay answers 10000 either way, and only a refund that was made
   * comes back with its refund_amount (refund_status empty or REFUND_SUCCESS).
   */
  private async refundMade(outTradeNo: string, outRequestNo: string, amount: string): Promise<boolean> {
    const res = await this.call("alipay.trade.fastpay.refund.query", { out_trade_no: outTradeNo, out_request_no: outRequestNo })
    if (res.code !== "10000") throw new AlipayGatewayError(`支付宝退款查询失败 (Alipay refund query: ${res.sub_code ?? res.code})`)
    if (!res.refund_amount || (res.refund_status && res.refund_status !== "REFUND_SUCCESS")) return false
    if (res.refund_amount !== amount) {
      this.logger_?.error?.(`[alipay] refund ${outRequestNo} on Alipay is ${res.refund_amount}, requested ${amount}`)
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "支付宝退款记录与申请不符 (Alipay's refund record does not match the request)")
    }
    return true
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = input.data as unknown as SessionData
    const res = await this.query(data.out_trade_no)
    return { data: { ...input.data, trade_status: res.trade_status, trade_no: res.trade_no } }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = input.data as unknown as SessionData
    const res = await this.query(data.out_trade_no)
    const map: Record<string, PaymentSessionStatus> = {
      TRADE_SUCCESS: PaymentSessionStatus.CAPTURED,
      TRADE_FINISHED: PaymentSessionStatus.CAPTURED,
      WAIT_BUYER_PAY: PaymentSessionStatus.PENDING,
      TRADE_CLOSED: PaymentSessionStatus.CANCELED,
    }
    return { status: map[res.trade_status] ?? PaymentSessionStatus.PENDING, data: { ...input.data, trade_status: res.trade_status } }
  }

  /**
   * The trade as Alipay holds it (alipay.trade.query), for reconciliation. Gateway trouble is an answer
   * ("unknown" with the reason) rather than an error, so one unreachable trade does not stop a whole run.
   * A page/wap trade Alipay has never seen (ACQ.TRADE_NOT_EXIST) was simply never opened, so unpaid.
   */
  async queryTrade(outTradeNo: string): Promise<GatewayTrade> {
    let res: Record<string, any>
    try {
      res = await this.query(outTradeNo)
    } catch (e: any) {
      return { out_trade_no: outTradeNo, state: "unknown", gateway_status: "ERROR", detail: String(e?.message ?? e) }
    }
    if (NOT_PAID_CODES.has(res.sub_code)) return { out_trade_no: outTradeNo, state: "unpaid", gateway_status: res.sub_code }
    if (res.code !== "10000") {
      return { out_trade_no: outTradeNo, state: "unknown", gateway_status: String(res.sub_code ?? res.code), detail: String(res.sub_msg ?? res.msg ?? "") }
    }
    if (res.out_trade_no && res.out_trade_no !== outTradeNo) {
      return { out_trade_no: outTradeNo, state: "unknown", gateway_status: String(res.trade_status), detail: "应答不是这笔交易 (the answer is for another trade)" }
    }
    const states: Record<string, GatewayTrade["state"]> = {
      TRADE_SUCCESS: "paid",
      TRADE_FINISHED: "paid",
      WAIT_BUYER_PAY: "unpaid",
      TRADE_CLOSED: "closed",
    }
    let amount_fen: number | undefined
    try {
      amount_fen = res.total_amount ? yuanToFen(res.total_amount) : undefined
    } catch {
      amount_fen = undefined
    }
    return { out_trade_no: outTradeNo, state: states[res.trade_status] ?? "unknown", amount_fen, gateway_status: String(res.trade_status), transaction_id: res.trade_no }
  }

  /**
   * A refund as Alipay holds it (alipay.trade.fastpay.refund.query). Alipay refunds synchronously: a
   * request it accepted is there with its amount; one it does not know was never paid out.
   */
  async queryRefundResult(outTradeNo: string, outRefundNo: string): Promise<GatewayRefund> {
    let res: Record<string, any>
    try {
      res = await this.call("alipay.trade.fastpay.refund.query", { out_trade_no: outTradeNo, out_request_no: outRefundNo })
    } catch (e: any) {
      return { out_refund_no: outRefundNo, status: "UNKNOWN", detail: String(e?.message ?? e) }
    }
    if (res.code !== "10000") return { out_refund_no: outRefundNo, status: "UNKNOWN", detail: String(res.sub_code ?? res.code) }
    if (!res.refund_amount) return { out_refund_no: outRefundNo, status: "NOT_FOUND" }
    if (res.refund_status && res.refund_status !== "REFUND_SUCCESS") {
      return { out_refund_no: outRefundNo, status: "PROCESSING", detail: String(res.refund_status) }
    }
    let amount_fen: number | undefined
    try {
      amount_fen = yuanToFen(res.refund_amount)
    } catch {
      amount_fen = undefined
    }
    return { out_refund_no: outRefundNo, status: "SUCCESS", amount_fen, success_time: res.gmt_refund_pay }
  }

  /**
   * Verifies an asynchronous notify: RSA2 signature over the raw form values (checkNotifySignV2),
   * then that it is for our app and our seller account and names a well-formed trade and amount.
   */
  verifyNotification(form: Record<string, unknown>): AlipayNotification {
    const fields: Record<string, string> = {}
    for (const [k, v] of Object.entries(form ?? {})) {
      if (typeof v !== "string") throw new MedusaError(MedusaError.Types.INVALID_DATA, `通知字段 ${k} 无效 (notify field ${k} is not a string)`)
      fields[k] = v
    }
    if (!fields.sign || !this.sdk_.checkNotifySignV2(fields)) {
      throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "支付宝通知验签失败 (Alipay notify signature does not verify)")
    }
    if (fields.app_id !== this.config.appId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `支付宝通知的 app_id 不是本应用 (notify app_id ${fields.app_id} is not ours)`)
    }
    if (fields.seller_id !== this.config.sellerId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "支付宝通知的 seller_id 不是本商户 (notify seller_id is not ours)")
    }
    if (!OUT_TRADE_NO.test(fields.out_trade_no ?? "")) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "支付宝通知的商户订单号无效 (invalid out_trade_no)")
    }
    const amount_fen = yuanToFen(fields.total_amount)
    const isRefund = !!(fields.refund_fee && fields.gmt_refund)
    return {
      kind: isRefund ? "refund" : "payment",
      trade_status: fields.trade_status ?? "",
      out_trade_no: fields.out_trade_no,
      amount_fen,
      trade_no: fields.trade_no,
      refund_fee: fields.refund_fee,
      ...(isRefund ? { refund_total_fen: yuanToFen(fields.refund_fee) } : {}),
      // Alipay names the refund by the out_request_no we sent, in out_biz_no, and notifies only refunds that paid.
      out_refund_no: fields.out_biz_no,
      refund_status: "SUCCESS",
      success_time: fields.gmt_refund,
      ...parseTradeRef(fields.body),
    }
  }

  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const notification = this.verifyNotification(payload.data as Record<string, unknown>)
    const data = {
      session_id: sessionIdFromOutTradeNo(notification.out_trade_no),
      amount: fenToYuan(notification.amount_fen),
      notification,
    }
    if (notification.kind === "payment" && (notification.trade_status === "TRADE_SUCCESS" || notification.trade_status === "TRADE_FINISHED")) {
      return { action: PaymentActions.SUCCESSFUL, data }
    }
    if (notification.kind === "payment" && notification.trade_status === "TRADE_CLOSED") {
      return { action: PaymentActions.CANCELED, data }
    }
    return { action: PaymentActions.NOT_SUPPORTED, data }
  }
}

export default AlipayProviderService
