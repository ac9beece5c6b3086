"use server"

import { revalidatePath } from "next/cache"
import { redirect } from "next/navigation"
import { api, errorMessage, errorStatus } from "./medusa"
import { clearMerchantToken, getMerchantToken, setMerchantToken } from "./session"
import type { FormState } from "./actions"
import { settle, type ActionResult } from "./action-result"
import { zonedIso } from "./format"
const home = (locale: string) => (locale === "en" ? "/en/merchant-center" : "/merchant-center")

/**
 * A clerk signs in with the shop login (actor `merchant`). A login that has not applied for a shop yet
 * gets a token without one: it is refused here rather than kept, so the pages never hold a token that
 * every /vendor call would turn away.
 */
export async function merchantSignIn(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get("email") ?? "").trim().toLowerCase()
  const password = String(form.get("password") ?? "")
  const locale = String(form.get("locale") ?? "zh-CN")
  try {
    const { token } = await api<{ token: string }>("/auth/merchant/emailpass", { method: "POST", body: { email, password } })
    try {
      await api("/vendor/me", { token })
    } catch (e) {
      if (errorStatus(e) === 401) return { error: "该账号还没有入驻的店铺 (this login has no shop yet)" }
      throw e
    }
    await setMerchantToken(token)
  } catch (e) {
    return { error: errorStatus(e) === 401 ? "邮箱或密码不正确 (wrong e-mail or password)" : errorMessage(e) }
  }
  revalidatePath("/", "layout")
  redirect(home(locale))
}

export async function merchantSignOut(locale: string) {
  await clearMerchantToken()
  revalidatePath("/", "layout")
  redirect(home(locale))
}

/** A write to the clerk's own shop through /vendor, with the clerk's token. */
async function vendor<T>(path: string, opts: { method?: "POST" | "DELETE"; body?: unknown } = {}): Promise<T> {
  const token = await getMerchantToken()
  if (!token) throw new Error("请先以商家身份登录 (sign in as a merchant)")
  return api<T>(path, { method: opts.method ?? "POST", body: opts.method === "DELETE" ? undefined : opts.body ?? {}, token })
}

/**
 * 核销: the customer's 8-digit code, or the QR payload a scanner reads. `force` redeems outside the
 * slot's window ("仍要核销"); the backend requires and logs the reason.
 */
export async function redeemCode(input: string, force?: { reason: string }): Promise<ActionResult<{ appointment: any }>> {
  const value = input.trim()
  if (!value) return { ok: false, error: "code: 请输入核销码 (enter the code)" }
  const body = {
    ...(/^[\d\s]+$/.test(value) ? { code: value.replace(/\s/g, "") } : { qr: value }),
    ...(force ? { force: true, reason: force.reason } : {}),
  }
  return settle(() => vendor<{ appointment: any }>("/vendor/booking/check-in", { body }))
}

/** 完成 after check-in, 未到店 after the start time; the backend refuses anything else with its reason. */
export async function appointmentAction(id: string, action: "complete" | "no-show"): Promise<ActionResult> {
  return settle(async () => {
    await vendor(`/vendor/booking/appointments/${encodeURIComponent(id)}/${action}`)
  })
}

/** 接单 · 拒单 (with the reason the customer will read) · 备好 · 完成. */
export async function orderAction(id: string, action: "accept" | "reject" | "ready" | "complete", reason?: string): Promise<ActionResult> {
  return settle(async () => {
    await vendor(`/vendor/orders/${encodeURIComponent(id)}/${action}`, { body: action === "reject" ? { reason: reason ?? "" } : {} })
  })
}

/**
 * 休息: blocks a resource (or the whole shop) for part of the shown day, e.g. sick leave. Times are the
 * shop's wall clock; the backend refuses an end before the start or another shop's resource.
 */
export async function addClosure(input: { date: string; tz: string; resource_id: string; from: string; to: string; reason: string }): Promise<ActionResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || !/^\d{2}:\d{2}$/.test(input.from) || !/^\d{2}:\d{2}$/.test(input.to)) {
    return { ok: false, error: "starts_at: 请填写开始和结束时间 (enter a start and an end time)" }
  }
  return settle(async () => {
    await vendor("/vendor/booking/closures", {
      body: {
        resource_id: input.resource_id || null,
        starts_at: zonedIso(input.date, input.from, input.tz),
        ends_at: zonedIso(input.date, input.to, input.tz),
        reason: input.reason.trim() || null,
      },
    })
  })
}

export async function removeClosure(id: string): Promise<ActionResult> {
  return settle(async () => {
    await vendor(`/vendor/booking/closures/${encodeURIComponent(id)}`, { method: "DELETE" })
  })
}
