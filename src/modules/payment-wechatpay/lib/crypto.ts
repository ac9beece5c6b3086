import crypto from "node:crypto"

/**
 * WeChat Pay API v3 signatures and callback decryption, on node:crypto only.
 * Request: SHA256-RSA over "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n" with the merchant key.
 * Response/callback: SHA256-RSA over "TIMESTAMP\nNONCE\nBODY\n", checked with the WeChat Pay public key
 * (public-key mode, serial "PUB_KEY_ID_…") or a platform certificate, picked by Wechatpay-Serial.
 */

export const AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048"
/** WeChat's own window: a signed message older (or newer) than five minutes is refused. */
export const DEFAULT_WINDOW_SECONDS = 300

export function nonceStr(bytes = 16): string {
  return crypto.randomBytes(bytes).toString("hex")
}

export function rsaSign(message: string, privateKey: crypto.KeyObject | string): string {
  return crypto.createSign("RSA-SHA256").update(message, "utf8").sign(privateKey, "base64")
}

export function rsaVerify(message: string, signature: string, publicKey: crypto.KeyObject | string): boolean {
  try {
    return crypto.createVerify("RSA-SHA256").update(message, "utf8").verify(publicKey, signature, "base64")
  } catch {
    return false
  }
}

export function requestMessage(method: string, url: string, timestamp: string, nonce: string, body: string) {
  return `${method.toUpperCase()}\n${url}\n${timestamp}\n${nonce}\n${body}\n`
}

export function buildAuthorization(opts: {
  mchId: string
  serialNo: string
  privateKey: crypto.KeyObject | string
  method: string
  /** Path plus query, exactly as sent: "/v3/pay/transactions/native". */
  url: string
  body: string
  timestamp?: string
  nonce?: string
}): string {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000))
  const nonce = opts.nonce ?? nonceStr()
  const signature = rsaSign(requestMessage(opts.method, opts.url, timestamp, nonce, opts.body), opts.privateKey)
  return (
    `${AUTH_SCHEMA} mchid="${opts.mchId}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${opts.serialNo}"`
  )
}

/** Parses an Authorization header back into its fields (the test gateway uses it; so could a proxy). */
export function parseAuthorization(header: string | undefined): Record<string, string> | null {
  if (!header || !header.startsWith(`${AUTH_SCHEMA} `)) return null
  const out: Record<string, string> = {}
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) out[m[1]] = m[2]
  return out
}

/** JSAPI / mini-program: the parameters wx.requestPayment / WeixinJSBridge need, signed by the merchant. */
export function jsapiParams(appId: string, prepayId: string, privateKey: crypto.KeyObject | string) {
  const timeStamp = String(Math.floor(Date.now() / 1000))
  const nonce = nonceStr()
  const pkg = `prepay_id=${prepayId}`
  const paySign = rsaSign(`${appId}\n${timeStamp}\n${nonce}\n${pkg}\n`, privateKey)
  return { appId, timeStamp, nonceStr: nonce, package: pkg, signType: "RSA", paySign }
}

export type VerifyFailure =
  | "missing_headers"
  | "unknown_serial"
  | "stale_timestamp"
  | "replayed_nonce"
  | "bad_signature"

export class WechatSignatureError extends Error {
  constructor(
    public readonly reason: VerifyFailure,
    message: string
  ) {
    super(message)
    this.name = "WechatSignatureError"
  }
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()]
  if (Array.isArray(v)) return v[0]
  return typeof v === "string" ? v : undefined
}

/**
 * Remembers nonces for as long as their timestamps are acceptable, so a captured callback cannot be
 * sent again inside the window (outside it, the timestamp check refuses it anyway). Per process: a
 * replay landing on another instance is still harmless because settlement is idempotent.
 */
export class NonceCache {
  private seen = new Map<string, number>()
  constructor(private ttlMs = DEFAULT_WINDOW_SECONDS * 2 * 1000) {}

  /** True when the nonce is new (and records it); false when it was already used. */
  claim(key: string, now = Date.now()): boolean {
    if (this.seen.size > 10000) this.sweep(now)
    const until = this.seen.get(key)
    if (until !== undefined && until > now) return false
    this.seen.set(key, now + this.ttlMs)
    return true
  }

  private sweep(now: number) {
    for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k)
  }
}

/**
 * Checks a WeChat Pay signed message (API response or callback). Order matters: a forged message must
 * not be able to burn a nonce, so the nonce is claimed only after the signature holds.
 */
export function verifyWechatSignature(opts: {
  headers: Record<string, unknown>
  body: string
  publicKeys: Map<string, crypto.KeyObject>
  nowSeconds?: number
  windowSeconds?: number
  nonces?: NonceCache
}): { serial: string; timestamp: number; nonce: string } {
  const timestamp = header(opts.headers, "Wechatpay-Timestamp")
  const nonce = header(opts.headers, "Wechatpay-Nonce")
  const signature = header(opts.headers, "Wechatpay-Signature")
  const serial = header(opts.headers, "Wechatpay-Serial")
  if (!timestamp || !nonce || !signature || !serial) {
    throw new WechatSignatureError("missing_headers", "缺少微信支付签名头 (missing Wechatpay-* signature headers)")
  }
  const key = opts.publicKeys.get(serial)
  if (!key) {
    throw new WechatSignatureError(
      "unknown_serial",
      `未知的微信支付公钥/平台证书序列号 (unknown Wechatpay-Serial "${serial}")`
    )
  }
  const ts = Number(timestamp)
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000)
  const window = opts.windowSeconds ?? DEFAULT_WINDOW_SECONDS
  if (!/^\d+$/.test(timestamp) || Math.abs(now - ts) > window) {
    throw new WechatSignatureError(
      "stale_timestamp",
      `微信支付签名时间戳超出 ${window} 秒窗口 (Wechatpay-Timestamp ${timestamp} is outside the ${window}s window)`
    )
  }
  if (!rsaVerify(`${timestamp}\n${nonce}\n${opts.body}\n`, signature, key)) {
    throw new WechatSignatureError("bad_signature", "微信支付签名验证失败 (Wechatpay-Signature does not verify)")
  }
  if (opts.nonces && !opts.nonces.claim(`${serial}:${nonce}`)) {
    throw new WechatSignatureError("replayed_nonce", "微信支付回调随机串已使用过 (Wechatpay-Nonce was already used)")
  }
  return { serial, timestamp: ts, nonce }
}

export type EncryptedResource = {
  algorithm?: string
  ciphertext: string
  associated_data?: string
  nonce: string
  original_type?: string
}

/**
 * AEAD_AES_256_GCM with the APIv3 key. The last 16 bytes of the ciphertext are the tag, and
 * decipher.final() is what checks it: skipping final() would hand back forged plaintext.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm && resource.algorithm !== "AEAD_AES_256_GCM") {
    throw new Error(`不支持的加密算法 (unsupported resource algorithm ${resource.algorithm})`)
  }
  const key = Buffer.from(apiV3Key, "utf8")
  if (key.length !== 32) throw new Error("APIv3 密钥必须是 32 字节 (the APIv3 key must be 32 bytes)")
  const data = Buffer.from(resource.ciphertext ?? "", "base64")
  if (data.length <= 16) throw new Error("回调密文过短 (resource ciphertext too short)")
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(resource.nonce ?? "", "utf8"))
  decipher.setAuthTag(data.subarray(data.length - 16))
  if (resource.associated_data) decipher.setAAD(Buffer.from(resource.associated_data, "utf8"))
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8")
}

/** The inverse of decryptResource: what WeChat does; the tests (and only the tests) play that part. */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData = "transaction"): EncryptedResource {
  const nonce = crypto.randomBytes(6).toString("hex")
  const cipher = crypto.createCipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce, "utf8"))
  cipher.setAAD(Buffer.from(associatedData, "utf8"))
  const enc = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()])
  return {
    algorithm: "AEAD_AES_256_GCM",
    ciphertext: enc.toString("base64"),
    associated_data: associatedData,
    nonce,
    original_type: associatedData,
  }
}

/** Serial of an X.509 platform certificate as WeChat writes it in Wechatpay-Serial (upper-case hex). */
export function certificateSerial(pem: string): string {
  return new crypto.X509Certificate(pem).serialNumber.toUpperCase()
}

/**
 * WeChat's out_trade_no allows 6–32 characters of [0-9A-Za-z_-|*]. Medusa session ids are
 * "payses_" + a 26-character ULID; the ULID alone is unique and fits, and a revision suffix keeps a
 * re-priced session from reusing a number WeChat already knows.
 */
export const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/

export function outTradeNoFor(sessionId: string, revision = 0): string {
  const base = sessionId.replace(/^payses_/, "").replace(/[^0-9A-Za-z]/g, "").slice(-26)
  const value = revision > 0 ? `${base}_${revision}` : base
  if (!OUT_TRADE_NO.test(value)) {
    throw new Error(`无法由会话 ${sessionId} 生成商户订单号 (cannot derive out_trade_no)`)
  }
  return value
}

export function sessionIdFromOutTradeNo(outTradeNo: string): string {
  return `payses_${outTradeNo.split("_")[0]}`
}
