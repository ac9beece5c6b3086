import { seedMerchantCategories } from "../../src/scripts/seed/categories"
import { seedPlatform } from "../../src/scripts/seed/platform"
import type { AxiosInstance } from "axios"

/** Logs in through Medusa's own emailpass route and returns request headers for /admin. */
export async function adminHeaders(api: AxiosInstance, email: string, password: string) {
  const { data } = await api.post("/auth/user/emailpass", { email, password })
  return { headers: { authorization: `Bearer ${data.token}` } }
}

export function storeHeaders(publishableKey: string, extra: Record<string, string> = {}) {
  return { headers: { "x-publishable-api-key": publishableKey, ...extra } }
}

/**
 * The platform every HTTP suite starts from: store, region 中国, publishable key, shop categories and
 * a signed-in operator.
 */
export async function setupPlatform(
  api: AxiosInstance,
  container: any,
  operator: { email: string; password: string }
) {
  const seeded = await seedPlatform(container, { adminEmail: operator.email, adminPassword: operator.password })
  await seedMerchantCategories(container)
  return {
    seeded,
    pk: seeded.publishable_key,
    regionId: seeded.region_id,
    admin: await adminHeaders(api, operator.email, operator.password),
  }
}
