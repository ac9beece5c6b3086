import { paymentProviders } from "../payment-config"

const WECHAT = {
  WECHATPAY_APP_ID: "wx8888888888888888",
  WECHATPAY_MCH_ID: "1900000001",
  WECHATPAY_MCH_SERIAL_NO: "5157F09EFDC096DE15EBE81A47057A72",
  WECHATPAY_PRIVATE_KEY_PATH: "/etc/tongcheng/wechat/apiclient_key.pem",
  WECHATPAY_APIV3_KEY: "0123456789abcdef0123456789ABCDEF",
  WECHATPAY_PLATFORM_PUBLIC_KEY_PATH: "/etc/tongcheng/wechat/pub_key.pem",
  WECHATPAY_PLATFORM_PUBLIC_KEY_ID: "PUB_KEY_ID_0112345678902025010100000000000001",
  WECHATPAY_NOTIFY_URL: "https://api.tongcheng.example/hooks/wechatpay",
}
const ALIPAY = {
  ALIPAY_APP_ID: "2021000000000000",
  ALIPAY_PRIVATE_KEY_PATH: "/etc/tongcheng/alipay/app_private_key.pem",
  ALIPAY_PUBLIC_KEY_PATH: "/etc/tongcheng/alipay/alipay_public_key.pem",
  ALIPAY_SELLER_ID: "2088000000000000",
  ALIPAY_NOTIFY_URL: "https://api.tongcheng.example/hooks/alipay",
}

describe("paymentProviders()", () => {
  it("enables nothing when no payment setting is present", () => {
    expect(paymentProviders({})).toEqual([])
  })

  it("enables each provider only when its settings are complete", () => {
    const all = paymentProviders({ ...WECHAT, ...ALIPAY, STRIPE_API_KEY: "sk_test_123" })
    expect(all.map((p) => [p.id, p.resolve])).toEqual([
      ["wechatpay", "./src/modules/payment-wechatpay"],
      ["alipay", "./src/modules/payment-alipay"],
      ["stripe", "@medusajs/medusa/payment-stripe"],
    ])
    expect(paymentProviders(ALIPAY).map((p) => p.id)).toEqual(["alipay"])
    expect(paymentProviders({ STRIPE_API_KEY: "sk_test_123" }).map((p) => p.id)).toEqual(["stripe"])
    const certMode = { ...WECHAT, WECHATPAY_PLATFORM_CERT_PATH: "/etc/cert.pem" } as Record<string, string | undefined>
    delete certMode.WECHATPAY_PLATFORM_PUBLIC_KEY_PATH
    delete certMode.WECHATPAY_PLATFORM_PUBLIC_KEY_ID
    expect(paymentProviders(certMode).map((p) => p.id)).toEqual(["wechatpay"])
  })

  it.each([
    ["WECHATPAY_MCH_ID"],
    ["WECHATPAY_APIV3_KEY"],
    ["WECHATPAY_NOTIFY_URL"],
    ["WECHATPAY_PLATFORM_PUBLIC_KEY_ID"],
    ["WECHATPAY_MCH_SERIAL_NO"],
  ])("stops with a message naming %s when WeChat Pay is half-configured", (missing) => {
    const env: Record<string, string | undefined> = { ...WECHAT }
    delete env[missing]
    expect(() => paymentProviders(env)).toThrow(missing)
  })

  it.each([["ALIPAY_SELLER_ID"], ["ALIPAY_APP_ID"], ["ALIPAY_NOTIFY_URL"]])(
    "stops with a message naming %s when Alipay is half-configured",
    (missing) => {
      const env: Record<string, string | undefined> = { ...ALIPAY }
      delete env[missing]
      expect(() => paymentProviders(env)).toThrow(missing)
    }
  )

  it("names both alternatives when a key is given neither inline nor as a path", () => {
    const env: Record<string, string | undefined> = { ...ALIPAY }
    delete env.ALIPAY_PRIVATE_KEY_PATH
    expect(() => paymentProviders(env)).toThrow(/ALIPAY_PRIVATE_KEY or ALIPAY_PRIVATE_KEY_PATH/)
  })

  it("refuses plain-http callback URLs and a wrong-length APIv3 key, without echoing secrets", () => {
    expect(() => paymentProviders({ ...ALIPAY, ALIPAY_NOTIFY_URL: "http://api.tongcheng.example/hooks/alipay" })).toThrow(/https/)
    let message = ""
    try {
      paymentProviders({ ...WECHAT, WECHATPAY_APIV3_KEY: "secret-but-too-short" })
    } catch (e: any) {
      message = e.message
    }
    expect(message).toMatch(/WECHATPAY_APIV3_KEY/)
    expect(message).not.toContain("secret-but-too-short")
    expect(() => paymentProviders({ STRIPE_WEBHOOK_SECRET: "whsec_1" })).toThrow(/STRIPE_API_KEY/)
  })
})
