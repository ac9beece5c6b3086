import crypto from "node:crypto"
import AlipayProviderService, { outTradeNoFor, sessionIdFromOutTradeNo } from "../service"

const app = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
const alipay = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
const pem = (k: crypto.KeyObject, type: "pkcs8" | "spki" | "pkcs1") =>
  k.export({ type, format: "pem" } as any).toString()

const OPTIONS = {
  appId: "2021000000000000",
  privateKey: pem(app.privateKey, "pkcs8"),
  alipayPublicKey: pem(alipay.publicKey, "spki"),
  sellerId: "2088000000000000",
  notifyUrl: "https://api.tongcheng.example/hooks/alipay",
  gateway: "http://127.0.0.1:9/gateway.do",
}

/** Signs like Alipay: sorted key=value of every field but sign and sign_type, values unencoded. */
function signNotify(fields: Record<string, string>, key = alipay.privateKey) {
  const content = Object.keys(fields)
    .filter((k) => k !== "sign" && k !== "sign_type" && fields[k] !== "")
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join("&")
  return { ...fields, sign_type: "RSA2", sign: crypto.createSign("RSA-SHA256").update(content, "utf8").sign(key, "base64") }
}

const base = (overrides: Record<string, string> = {}) => ({
  notify_time: "2025-06-01 12:00:00",
  notify_type: "trade_status_sync",
  notify_id: "ac05099524730693a8b330c5ecf72da9786",
  charset: "utf-8",
  version: "1.0",
  app_id: OPTIONS.appId,
  seller_id: OPTIONS.sellerId,
  trade_no: "2025060122001400000000000001",
  out_trade_no: "01JZ8X4W3V2T1S0R9Q8P7N6M5K",
  trade_status: "TRADE_SUCCESS",
  total_amount: "1234567.89",
  subject: "同城订单 & 洗剪吹=88元",
  ...overrides,
})

describe("Alipay notify verification", () => {
  const provider = new AlipayProviderService({ logger: console }, OPTIONS as any)

  it("accepts a notify signed by Alipay and maps TRADE_SUCCESS to a capture of the exact amount", async () => {
    const result = await provider.getWebhookActionAndData({ data: signNotify(base()), rawData: "", headers: {} })
    expect(result.action).toBe("captured")
    expect(result.data).toMatchObject({ session_id: "payses_01JZ8X4W3V2T1S0R9Q8P7N6M5K", amount: "1234567.89" })
    expect((result.data as any).notification.amount_fen).toBe(123456789)
  })

  it("maps TRADE_FINISHED to captured and TRADE_CLOSED to canceled", async () => {
    const finished = await provider.getWebhookActionAndData({ data: signNotify(base({ trade_status: "TRADE_FINISHED" })), rawData: "", headers: {} })
    expect(finished.action).toBe("captured")
    const closed = await provider.getWebhookActionAndData({ data: signNotify(base({ trade_status: "TRADE_CLOSED" })), rawData: "", headers: {} })
    expect(closed.action).toBe("canceled")
  })

  it("refuses a tampered amount, another key's signature, another app and another seller", async () => {
    const good = signNotify(base())
    await expect(provider.getWebhookActionAndData({ data: { ...good, total_amount: "0.01" }, rawData: "", headers: {} })).rejects.toThrow(/验签|signature/)
    const forged = signNotify(base(), app.privateKey)
    await expect(provider.getWebhookActionAndData({ data: forged, rawData: "", headers: {} })).rejects.toThrow(/验签|signature/)
    await expect(provider.getWebhookActionAndData({ data: signNotify(base({ app_id: "2021999999999999" })), rawData: "", headers: {} })).rejects.toThrow(/app_id/)
    await expect(provider.getWebhookActionAndData({ data: signNotify(base({ seller_id: "2088999999999999" })), rawData: "", headers: {} })).rejects.toThrow(/seller_id/)
    const { sign, ...unsigned } = good
    void sign
    await expect(provider.getWebhookActionAndData({ data: unsigned, rawData: "", headers: {} })).rejects.toThrow()
  })

  it("accepts a bare base64 PKCS#1 app key as Alipay's console hands it out", () => {
    const bare = pem(app.privateKey, "pkcs1").replace(/-----[^-]+-----/g, "").replace(/\s+/g, "")
    expect(() => new AlipayProviderService({ logger: console }, { ...OPTIONS, privateKey: bare } as any)).not.toThrow()
  })

  it("round-trips out_trade_no and session id", () => {
    const sid = "payses_01JZ8X4W3V2T1S0R9Q8P7N6M5K"
    expect(sessionIdFromOutTradeNo(outTradeNoFor(sid, 2))).toBe(sid)
  })
})
