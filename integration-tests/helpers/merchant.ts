import type { AxiosInstance } from "axios"
import { makeValidUSCC } from "../../src/modules/merchant/utils"

export const bearer = (token: string, extra: Record<string, string> = {}) => ({
  headers: { authorization: `Bearer ${token}`, ...extra },
})

/** A complete, valid application body; tests override one field at a time. */
export function merchantApplication(seed: number, overrides: Record<string, unknown> = {}) {
  return {
    name: `测试商家${seed}号店`,
    category: "beauty",
    description: "剪发、染发、护理",
    phone: "13800138000",
    province: "上海市",
    city: "上海",
    district: "静安区",
    street: `南京西路 ${100 + seed} 号`,
    lat: 31.2286,
    lng: 121.4547,
    business_hours: {
      weekly: {
        mon: [{ open: "10:00", close: "22:00" }],
        tue: [{ open: "10:00", close: "22:00" }],
        wed: [{ open: "10:00", close: "22:00" }],
        thu: [{ open: "10:00", close: "22:00" }],
        fri: [{ open: "10:00", close: "02:00" }],
        sat: [{ open: "10:00", close: "02:00" }],
        sun: [{ open: "10:00", close: "22:00" }],
      },
    },
    licence_code: makeValidUSCC(seed),
    legal_name: `上海测试${seed}美发有限公司`,
    owner: { name: `店主${seed}` },
    ...overrides,
  }
}

export async function registerMerchantLogin(api: AxiosInstance, email: string, password = "pass-同城-123") {
  const { data } = await api.post("/auth/merchant/emailpass/register", { email, password })
  return data.token as string
}

export async function loginMerchant(api: AxiosInstance, email: string, password = "pass-同城-123") {
  const { data } = await api.post("/auth/merchant/emailpass", { email, password })
  return data.token as string
}

/** Registers a login, applies, and returns a token that carries the merchant actor. */
export async function applyAsMerchant(api: AxiosInstance, email: string, seed: number, overrides = {}) {
  const registerToken = await registerMerchantLogin(api, email)
  const res = await api.post("/vendor/merchants", merchantApplication(seed, overrides), bearer(registerToken))
  const token = await loginMerchant(api, email)
  return { merchant: res.data.merchant, member: res.data.member, token }
}

export async function customerToken(api: AxiosInstance, pk: string, email: string, password = "cust-pass-1") {
  const { data: reg } = await api.post("/auth/customer/emailpass/register", { email, password })
  await api.post(
    "/store/customers",
    { email, first_name: "小", last_name: "明" },
    { headers: { authorization: `Bearer ${reg.token}`, "x-publishable-api-key": pk } }
  )
  const { data } = await api.post("/auth/customer/emailpass", { email, password })
  return data.token as string
}

/**
 * An approved shop selling services at the given prices (one variant each), keyed as given, and a
 * bookable offering on one of them when `booked` names it: the fixture the payment suites share.
 */
export async function shopWithServices(
  api: AxiosInstance,
  admin: { headers: Record<string, string> },
  opts: { email: string; seed: number; prices: Record<string, number>; booked?: { key: string; room: string; capacity: number; step?: number } }
) {
  const shop = await applyAsMerchant(api, opts.email, opts.seed)
  await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
  const variants: Record<string, string> = {}
  for (const [key, price] of Object.entries(opts.prices)) {
    const { data } = await api.post("/vendor/products", { title: `到店服务 ${key}`, kind: "service", variants: [{ title: "标准", price }] }, bearer(shop.token))
    variants[key] = data.product.variants[0].id
  }
  let offering: any = null
  if (opts.booked) {
    const room = (await api.post("/vendor/booking/resources", { kind: "room", name: opts.booked.room, capacity: opts.booked.capacity }, bearer(shop.token))).data.resource
    const step = opts.booked.step ?? 30
    offering = (
      await api.post(
        "/vendor/booking/offerings",
        { variant_id: variants[opts.booked.key], resource_ids: [room.id], duration_minutes: 60, slot_step_minutes: step, min_notice_minutes: 60, horizon_days: 14 },
        bearer(shop.token)
      )
    ).data.offering
  }
  return { shop, variants, offering }
}
