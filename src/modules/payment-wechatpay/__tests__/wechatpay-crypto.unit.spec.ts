import crypto from "node:crypto"
import {
  buildAuthorization,
  decryptResource,
  encryptResource,
  jsapiParams,
  NonceCache,
  outTradeNoFor,
  OUT_TRADE_NO,
  parseAuthorization,
  requestMessage,
  rsaSign,
  sessionIdFromOutTradeNo,
  verifyWechatSignature,
} from "../lib/crypto"

const merchant = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
const platform = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
const other = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
const SERIAL = "PUB_KEY_ID_0112345678902025010100000000000001"
const APIV3 = "0123456789abcdef0123456789ABCDEF"

function signed(body: string, opts: { ts?: number; nonce?: string; key?: crypto.KeyObject; serial?: string } = {}) {
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000))
  const nonce = opts.nonce ?? crypto.randomBytes(8).toString("hex")
  return {
    "wechatpay-timestamp": ts,
    "wechatpay-nonce": nonce,
    "wechatpay-serial": opts.serial ?? SERIAL,
    "wechatpay-signature": rsaSign(`${ts}\n${nonce}\n${body}\n`, opts.key ?? platform.privateKey),
  }
}

describe("WeChat Pay v3 signatures", () => {
  const keys = new Map([[SERIAL, platform.publicKey]])

  it("signs requests as WECHATPAY2-SHA256-RSA2048 over METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n", () => {
    const body = JSON.stringify({ amount: { total: 1999 } })
    const header = buildAuthorization({
      mchId: "1900000001",
      serialNo: "5157F09EFDC096DE15EBE81A47057A72",
      privateKey: merchant.privateKey,
      method: "POST",
      url: "/v3/pay/transactions/native",
      body,
    })
    expect(header.startsWith("WECHATPAY2-SHA256-RSA2048 ")).toBe(true)
    const f = parseAuthorization(header)!
    expect(f.mchid).toBe("1900000001")
    expect(f.serial_no).toBe("5157F09EFDC096DE15EBE81A47057A72")
    const message = requestMessage("POST", "/v3/pay/transactions/native", f.timestamp, f.nonce_str, body)
    expect(crypto.verify("sha256", Buffer.from(message), merchant.publicKey, Buffer.from(f.signature, "base64"))).toBe(true)
    // A different body or URL no longer matches the signature.
    const other = requestMessage("POST", "/v3/pay/transactions/h5", f.timestamp, f.nonce_str, body)
    expect(crypto.verify("sha256", Buffer.from(other), merchant.publicKey, Buffer.from(f.signature, "base64"))).toBe(false)
  })

  it("accepts a correctly signed message and refuses tampering, wrong key, unknown serial, stale time and replays", () => {
    const body = '{"id":"EV-1","event_type":"TRANSACTION.SUCCESS"}'
    const nonces = new NonceCache()
    const ok = signed(body)
    expect(verifyWechatSignature({ headers: ok, body, publicKeys: keys, nonces }).serial).toBe(SERIAL)

    const reason = (fn: () => unknown) => {
      try {
        fn()
      } catch (e: any) {
        return e.reason
      }
      return "accepted"
    }
    expect(reason(() => verifyWechatSignature({ headers: signed(body), body: body.replace("EV-1", "EV-2"), publicKeys: keys, nonces }))).toBe("bad_signature")
    expect(reason(() => verifyWechatSignature({ headers: signed(body, { key: other.privateKey }), body, publicKeys: keys, nonces }))).toBe("bad_signature")
    expect(reason(() => verifyWechatSignature({ headers: signed(body, { serial: "PUB_KEY_ID_OTHER" }), body, publicKeys: keys, nonces }))).toBe("unknown_serial")
    const old = Math.floor(Date.now() / 1000) - 301
    expect(reason(() => verifyWechatSignature({ headers: signed(body, { ts: old }), body, publicKeys: keys, nonces }))).toBe("stale_timestamp")
    const future = Math.floor(Date.now() / 1000) + 330 // margin: the clock moving on during the test must not bring it back inside
    expect(reason(() => verifyWechatSignature({ headers: signed(body, { ts: future }), body, publicKeys: keys, nonces }))).toBe("stale_timestamp")
    expect(reason(() => verifyWechatSignature({ headers: ok, body, publicKeys: keys, nonces }))).toBe("replayed_nonce")
    expect(reason(() => verifyWechatSignature({ headers: { "wechatpay-nonce": "x" }, body, publicKeys: keys, nonces }))).toBe("missing_headers")
  })

  it("does not let a forged message burn a nonce", () => {
    const body = "{}"
    const nonces = new NonceCache()
    const forged = signed(body, { key: other.privateKey, nonce: "shared-nonce" })
    expect(() => verifyWechatSignature({ headers: forged, body, publicKeys: keys, nonces })).toThrow()
    const genuine = signed(body, { nonce: "shared-nonce" })
    expect(() => verifyWechatSignature({ headers: genuine, body, publicKeys: keys, nonces })).not.toThrow()
  })

  it("signs the JSAPI parameters the WeChat client checks", () => {
    const p = jsapiParams("wx8888888888888888", "wx201410272009395522657a690389285100", merchant.privateKey)
    expect(p.package).toBe("prepay_id=wx201410272009395522657a690389285100")
    expect(p.signType).toBe("RSA")
    const msg = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`
    expect(crypto.verify("sha256", Buffer.from(msg), merchant.publicKey, Buffer.from(p.paySign, "base64"))).toBe(true)
  })
})

describe("WeChat Pay callback resource (AEAD_AES_256_GCM)", () => {
  const plaintext = JSON.stringify({ out_trade_no: "01JABCDEFGHJKMNPQRSTVWXYZ0", amount: { total: 1999 } })

  it("decrypts what WeChat encrypts with the APIv3 key", () => {
    expect(decryptResource(encryptResource(plaintext, APIV3), APIV3)).toBe(plaintext)
  })

  it("refuses a tampered ciphertext, a changed associated_data or another key (the GCM tag is checked)", () => {
    const r = encryptResource(plaintext, APIV3)
    const bytes = Buffer.from(r.ciphertext, "base64")
    bytes[5] ^= 0x01
    expect(() => decryptResource({ ...r, ciphertext: bytes.toString("base64") }, APIV3)).toThrow()
    expect(() => decryptResource({ ...r, associated_data: "refund" }, APIV3)).toThrow()
    expect(() => decryptResource(r, "fedcba9876543210fedcba9876543210")).toThrow()
    expect(() => decryptResource(r, "short")).toThrow(/32/)
  })
})

describe("out_trade_no", () => {
  it("derives a 6–32 character WeChat order number from a Medusa session id and back", () => {
    const sid = "payses_01JZ8X4W3V2T1S0R9Q8P7N6M5K"
    const no = outTradeNoFor(sid)
    expect(no).toBe("01JZ8X4W3V2T1S0R9Q8P7N6M5K")
    expect(OUT_TRADE_NO.test(no)).toBe(true)
    expect(OUT_TRADE_NO.test(outTradeNoFor(sid, 12))).toBe(true)
    expect(outTradeNoFor(sid, 12).length).toBeLessThanOrEqual(32)
    expect(sessionIdFromOutTradeNo(outTradeNoFor(sid, 3))).toBe(sid)
    expect(OUT_TRADE_NO.test("abc")).toBe(false)
    expect(OUT_TRADE_NO.test("订单123456")).toBe(false)
    expect(OUT_TRADE_NO.test("a".repeat(33))).toBe(false)
  })
})
