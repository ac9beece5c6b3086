import type { KeyObject } from "node:crypto"
import { buildAuthorization, NonceCache, verifyWechatSignature, WechatSignatureError } from "./crypto"

export type WechatPayClientOptions = {
  baseUrl: string
  mchId: string
  serialNo: string
  privateKey: KeyObject
  publicKeys: Map<string, KeyObject>
  timeoutMs: number
}

/** The gateway could not be reached, timed out, answered 5xx, or answered with a bad signature. */
export class WechatPayGatewayError extends Error {
  constructor(
    message: string,
    public readonly status?: number
  ) {
    super(message)
    this.name = "WechatPayGatewayError"
  }
}

/** The gateway answered 4xx with its {code, message} body (ORDER_CLOSED, NOT_ENOUGH, …). */
export class WechatPayApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string
  ) {
    super(message)
    this.name = "WechatPayApiError"
  }
}

export class WechatPayClient {
  // Responses are verified too, but a response cannot be replayed into us, so no nonce memory here.
  private readonly noNonces: NonceCache | undefined = undefined

  constructor(private readonly opts: WechatPayClientOptions) {}

  async request<T = any>(method: "GET" | "POST", path: string, body?: Record<string, unknown>): Promise<{ status: number; data: T }> {
    const payload = body === undefined ? "" : JSON.stringify(body)
    const authorization = buildAuthorization({
      mchId: this.opts.mchId,
      serialNo: this.opts.serialNo,
      privateKey: this.opts.privateKey,
      method,
      url: path,
      body: payload,
    })
    let res: Response
    try {
      res = await fetch(this.opts.baseUrl.replace(/\/$/, "") + path, {
        method,
        headers: {
          authorization,
          accept: "application/json",
          "content-type": "application/json",
          "user-agent": "tongcheng-wechatpay/1.0",
        },
        body: method === "GET" ? undefined : payload,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      })
    } catch (e: any) {
      const timedOut = e?.name === "TimeoutError" || e?.name === "AbortError"
      throw new WechatPayGatewayError(
        timedOut
          ? `微信支付网关 ${this.opts.timeoutMs} 毫秒内无响应 (WeChat Pay gateway timed out after ${this.opts.timeoutMs} ms)`
          : `无法连接微信支付网关 (cannot reach WeChat Pay: ${e?.cause?.code ?? e?.message})`
      )
    }
    const text = await res.text()
    if (res.status >= 500) {
      throw new WechatPayGatewayError(`微信支付网关错误 (WeChat Pay answered HTTP ${res.status})`, res.status)
    }
    if (res.status >= 400) {
      let code = "UNKNOWN"
      let message = text.slice(0, 200)
      try {
        const j = JSON.parse(text)
        code = j.code ?? code
        message = j.message ?? message
      } catch {}
      throw new WechatPayApiError(res.status, code, `微信支付拒绝请求 (WeChat Pay ${res.status} ${code}: ${message})`)
    }
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => (headers[k] = v))
    try {
      verifyWechatSignature({ headers, body: text, publicKeys: this.opts.publicKeys, nonces: this.noNonces })
    } catch (e) {
      const reason = e instanceof WechatSignatureError ? e.message : String(e)
      throw new WechatPayGatewayError(`微信支付应答验签失败 (WeChat Pay response failed verification: ${reason})`, res.status)
    }
    return { status: res.status, data: (text ? JSON.parse(text) : {}) as T }
  }
}
