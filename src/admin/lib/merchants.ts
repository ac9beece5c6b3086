import { useQuery } from "@tanstack/react-query"
import { sdk } from "./sdk"

export type MerchantStatus = "pending" | "approved" | "rejected" | "suspended"
export type MerchantOrderStatus = "new" | "accepted" | "rejected" | "ready" | "completed"
export type StatusColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

export type TimeRange = { open: string; close: string }
export type BusinessHours = {
  timezone?: string
  weekly?: Partial<Record<Weekday, TimeRange[]>>
  exceptions?: { date: string; closed?: boolean; ranges?: TimeRange[]; note?: string }[]
}

export type MerchantListItem = {
  id: string
  name: string
  slug: string
  category: string
  phone: string
  province: string
  city: string
  district: string | null
  status: MerchantStatus
  created_at: string
}

export type MerchantStatusEvent = {
  id: string
  from_status: string | null
  to_status: string
  reason: string | null
  actor_type: string | null
  actor_id: string | null
  created_at: string
}

export type MerchantDetail = MerchantListItem & {
  description: string | null
  logo: string | null
  photos: string[] | null
  street: string
  lat: number
  lng: number
  timezone: string
  business_hours: BusinessHours
  status_reason: string | null
  status_changed_at: string | null
  approved_at: string | null
  licence_code: string
  licence_image: string | null
  legal_name: string
  rating_avg: number
  rating_count: number
  monthly_sales: number
  members: { id: string; email: string; name: string | null; role: "owner" | "staff"; joined_at: string | null }[]
  status_events: MerchantStatusEvent[]
  stock_locations: { id: string; name: string }[]
  product_count: number
  open_now: boolean
  next_opening: string | null
  closes_at: string | null
}

export type MerchantListResponse = {
  merchants: MerchantListItem[]
  count: number
  limit: number
  offset: number
  status_counts: Record<MerchantStatus, number>
}

export type WidgetMerchant = {
  id: string
  name: string
  slug: string
  status: MerchantStatus
  category: string
  phone: string
}

export const MERCHANT_STATUSES: MerchantStatus[] = ["pending", "approved", "rejected", "suspended"]

export const MERCHANT_STATUS: Record<MerchantStatus, { label: string; en: string; color: StatusColor }> = {
  pending: { label: "待审核", en: "Pending", color: "orange" },
  approved: { label: "已通过", en: "Approved", color: "green" },
  rejected: { label: "已驳回", en: "Rejected", color: "red" },
  suspended: { label: "已暂停", en: "Suspended", color: "grey" },
}

// The shop's side of an order; 已拒单 rather than the merchant review's 已驳回, because here the shop refused.
export const ORDER_STATUS: Record<MerchantOrderStatus, { label: string; en: string; color: StatusColor }> = {
  new: { label: "待接单", en: "New", color: "orange" },
  accepted: { label: "已接单", en: "Accepted", color: "blue" },
  rejected: { label: "已拒单", en: "Rejected", color: "red" },
  ready: { label: "已备好", en: "Ready", color: "purple" },
  completed: { label: "已完成", en: "Completed", color: "green" },
}

export type MerchantAction = "approve" | "reject" | "suspend" | "reinstate"

export const ACTION: Record<
  MerchantAction,
  { label: string; en: string; done: string; variant: "primary" | "secondary" | "danger"; needsReason: boolean }
> = {
  approve: { label: "通过", en: "Approve", done: "已通过审核", variant: "primary", needsReason: false },
  reject: { label: "驳回", en: "Reject", done: "已驳回申请", variant: "danger", needsReason: true },
  suspend: { label: "暂停", en: "Suspend", done: "已暂停营业", variant: "danger", needsReason: true },
  reinstate: { label: "恢复", en: "Reinstate", done: "已恢复营业", variant: "primary", needsReason: false },
}

/** The buttons an operator gets per status; mirrors the server's transition rules so no button can only fail. */
export const ACTIONS_FOR_STATUS: Record<MerchantStatus, MerchantAction[]> = {
  pending: ["approve", "reject"],
  rejected: ["approve"],
  approved: ["suspend"],
  suspended: ["reinstate"],
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const
export type Weekday = (typeof WEEKDAYS)[number]
export const WEEKDAY_ZH: Record<Weekday, string> = {
  mon: "周一",
  tue: "周二",
  wed: "周三",
  thu: "周四",
  fri: "周五",
  sat: "周六",
  sun: "周日",
}

/** "22:00–次日 02:00" for a range that runs past midnight, as the shop would say it. */
export function formatRange(r: TimeRange) {
  if (r.open === "00:00" && r.close === "24:00") return "全天 00:00–24:00"
  const overnight = r.close !== "24:00" && r.close <= r.open
  return `${r.open}–${overnight ? "次日 " : ""}${r.close}`
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * "2025/03/01 10:00". Pass the merchant's time zone for anything derived from its business hours
 * (closing time, next opening): those are the shop's wall-clock times wherever the operator sits.
 */
export function formatDateTime(value: string | Date | null | undefined, timeZone?: string) {
  if (!value) return "—"
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return "—"
  const key = timeZone ?? ""
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat("zh-CN", {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
      ...(timeZone ? { timeZone } : {}),
    })
    formatters.set(key, f)
  }
  return f.format(d)
}

export function statusLabel(status: string | null | undefined) {
  if (!status) return "—"
  return MERCHANT_STATUS[status as MerchantStatus]?.label ?? status
}

export function errorMessage(e: unknown) {
  return e instanceof Error && e.message ? e.message : "请求失败，请稍后重试 (request failed)"
}

/** Category slug → 中文名, for the list's category column and the detail header. */
export function useCategoryNames() {
  const { data } = useQuery({
    queryKey: ["merchant-categories"],
    queryFn: () =>
      sdk.client.fetch<{ categories: { slug: string; name_zh: string; name_en: string }[] }>(
        "/admin/merchant-categories"
      ),
    staleTime: 10 * 60 * 1000,
  })
  const names: Record<string, string> = {}
  for (const c of data?.categories ?? []) names[c.slug] = c.name_zh
  return (slug: string) => names[slug] ?? slug
}

export const merchantKeys = {
  all: ["merchants"] as const,
  list: (query: Record<string, unknown>) => ["merchants", "list", query] as const,
  detail: (id: string) => ["merchants", "detail", id] as const,
  // The product and order cards show a merchant's status too, so a review decision refreshes them.
  widgets: [["product-merchant"], ["order-merchant"]] as const,
}
