import type { AxiosInstance } from "axios"

/** Logs in through Medusa's own emailpass route and returns request headers for /admin. */
export async function adminHeaders(api: AxiosInstance, email: string, password: string) {
  const { data } = await api.post("/auth/user/emailpass", { email, password })
  return { headers: { authorization: `Bearer ${data.token}` } }
}

export function storeHeaders(publishableKey: string, extra: Record<string, string> = {}) {
  return { headers: { "x-publishable-api-key": publishableKey, ...extra } }
}
