/**
 * Payment providers from the environment. A provider is switched on by its settings: none set → off;
 * some set → every required one must be there, or the start stops with an Error naming what is
 * missing (a half-configured gateway would otherwise fail on the first customer). Values are passed
 * through, never printed.
 */

type Env = Record<string, string | undefined>
type ProviderEntry = { resolve: string; id: string; options: Record<string, unknown> }

const WECHAT_VARS = [
  "WECHATPAY_APP_ID",
  "WECHATPAY_MCH_ID",
  "WECHATPAY_MCH_SERIAL_NO",
  "WECHATPAY_PRIVATE_KEY",
  "WECHATPAY_PRIVATE_KEY_PATH",
  "WECHATPAY_APIV3_KEY",
  "WECHATPAY_PLATFORM_PUBLIC_KEY",
  "WECHATPAY_PLATFORM_PUBLIC_KEY_PATH",
  "WECHATPAY_PLATFORM_PUBLIC_KEY_ID",
  "WECHATPAY_PLATFORM_CERT",
  "WECHATPAY_PLATFORM_CERT_PATH",
  "WECHATPAY_NOTIFY_URL",
]
const ALIPAY_VARS = [
  "ALIPAY_APP_ID",
  "ALIPAY_PRIVATE_KEY",
  "ALIPAY_PRIVATE_KEY_PATH",
  "ALIPAY_PUBLIC_KEY",
  "ALIPAY_PUBLIC_KEY_PATH",
  "ALIPAY_SELLER_ID",
  "ALIPAY_NOTIFY_URL",
]

const set = (env: Env, name: string) => typeof env[name] === "string" && env[name]!.trim() !== ""

function need(env: Env, provider: string, names: string[]) {
  for (const n of names) {
    if (!set(env, n)) throw new Error(`${provider} 配置不完整：缺少 ${n} (${provider} is half-configured: ${n} is missing)`)
  }
}

function needOne(env: Env, provider: string, a: string, b: string) {
  if (!set(env, a) && !set(env, b)) {
    throw new Error(`${provider} 配置不完整：缺少 ${a} 或 ${b} (${provider} is half-configured: set ${a} or ${b})`)
  }
}

/** Gateways only call back over HTTPS; a plain-http notify URL would never be reached in production. */
function httpsUrl(env: Env, provider: string, name: string) {
  const value = env[name]!.trim()
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${provider}: ${name} 不是有效网址 (${name} is not a URL)`)
  }
  if (url.protocol !== "https:") throw new Error(`${provider}: ${name} 必须是 https 地址 (${name} must be an https URL)`)
  return value
}

function wechatpay(env: Env): ProviderEntry | null {
  if (!WECHAT_VARS.some((n) => set(env, n))) return null
  const P = "微信支付 WeChat Pay"
  need(env, P, ["WECHATPAY_APP_ID", "WECHATPAY_MCH_ID", "WECHATPAY_MCH_SERIAL_NO", "WECHATPAY_APIV3_KEY", "WECHATPAY_NOTIFY_URL"])
  needOne(env, P, "WECHATPAY_PRIVATE_KEY", "WECHATPAY_PRIVATE_KEY_PATH")
  const publicKeyMode = set(env, "WECHATPAY_PLATFORM_PUBLIC_KEY") || set(env, "WECHATPAY_PLATFORM_PUBLIC_KEY_PATH") || set(env, "WECHATPAY_PLATFORM_PUBLIC_KEY_ID")
  if (publicKeyMode) {
    needOne(env, P, "WECHATPAY_PLATFORM_PUBLIC_KEY", "WECHATPAY_PLATFORM_PUBLIC_KEY_PATH")
    need(env, P, ["WECHATPAY_PLATFORM_PUBLIC_KEY_ID"])
  } else {
    needOne(env, P, "WECHATPAY_PLATFORM_CERT", "WECHATPAY_PLATFORM_CERT_PATH")
  }
  if (Buffer.byteLength(env.WECHATPAY_APIV3_KEY!.trim(), "utf8") !== 32) {
    throw new Error(`${P}: WECHATPAY_APIV3_KEY 必须是 32 个字符 (WECHATPAY_APIV3_KEY must be 32 characters)`)
  }
  return {
    resolve: "./src/modules/payment-wechatpay",
    id: "wechatpay",
    options: {
      appId: env.WECHATPAY_APP_ID!.trim(),
      mchId: env.WECHATPAY_MCH_ID!.trim(),
      serialNo: env.WECHATPAY_MCH_SERIAL_NO!.trim(),
      privateKey: env.WECHATPAY_PRIVATE_KEY,
      privateKeyPath: env.WECHATPAY_PRIVATE_KEY_PATH,
      apiV3Key: env.WECHATPAY_APIV3_KEY!.trim(),
      platformPublicKey: env.WECHATPAY_PLATFORM_PUBLIC_KEY,
      platformPublicKeyPath: env.WECHATPAY_PLATFORM_PUBLIC_KEY_PATH,
      platformPublicKeyId: env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID?.trim(),
      platformCert: env.WECHATPAY_PLATFORM_CERT,
      platformCertPath: env.WECHATPAY_PLATFORM_CERT_PATH,
      notifyUrl: httpsUrl(env, P, "WECHATPAY_NOTIFY_URL"),
      baseUrl: env.WECHATPAY_BASE_URL?.trim() || undefined,
      timeoutMs: env.WECHATPAY_TIMEOUT_MS ? Number(env.WECHATPAY_TIMEOUT_MS) : undefined,
      description: env.WECHATPAY_DESCRIPTION || undefined,
    },
  }
}

function alipay(env: Env): ProviderEntry | null {
  if (!ALIPAY_VARS.some((n) => set(env, n))) return null
  const P = "支付宝 Alipay"
  need(env, P, ["ALIPAY_APP_ID", "ALIPAY_SELLER_ID", "ALIPAY_NOTIFY_URL"])
  needOne(env, P, "ALIPAY_PRIVATE_KEY", "ALIPAY_PRIVATE_KEY_PATH")
  needOne(env, P, "ALIPAY_PUBLIC_KEY", "ALIPAY_PUBLIC_KEY_PATH")
  return {
    resolve: "./src/modules/payment-alipay",
    id: "alipay",
    options: {
      appId: env.ALIPAY_APP_ID!.trim(),
      privateKey: env.ALIPAY_PRIVATE_KEY,
      privateKeyPath: env.ALIPAY_PRIVATE_KEY_PATH,
      alipayPublicKey: env.ALIPAY_PUBLIC_KEY,
      alipayPublicKeyPath: env.ALIPAY_PUBLIC_KEY_PATH,
      sellerId: env.ALIPAY_SELLER_ID!.trim(),
      notifyUrl: httpsUrl(env, P, "ALIPAY_NOTIFY_URL"),
      returnUrl: env.ALIPAY_RETURN_URL ? httpsUrl(env, P, "ALIPAY_RETURN_URL") : undefined,
      gateway: env.ALIPAY_GATEWAY?.trim() || undefined,
      timeoutMs: env.ALIPAY_TIMEOUT_MS ? Number(env.ALIPAY_TIMEOUT_MS) : undefined,
      subject: env.ALIPAY_SUBJECT || undefined,
    },
  }
}

function stripe(env: Env): ProviderEntry | null {
  if (!set(env, "STRIPE_API_KEY")) {
    if (set(env, "STRIPE_WEBHOOK_SECRET")) {
      throw new Error("Stripe 配置不完整：缺少 STRIPE_API_KEY (Stripe is half-configured: STRIPE_API_KEY is missing)")
    }
    return null
  }
  return {
    resolve: "@medusajs/medusa/payment-stripe",
    id: "stripe",
    options: {
      apiKey: env.STRIPE_API_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      capture: env.STRIPE_CAPTURE !== "false",
    },
  }
}

/** Providers for the payment module, in the order a storefront would usually list them. */
export function paymentProviders(env: Env = process.env): ProviderEntry[] {
  return [wechatpay(env), alipay(env), stripe(env)].filter((p): p is ProviderEntry => !!p)
}
