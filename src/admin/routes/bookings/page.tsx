import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CalendarSolid } from "@medusajs/icons"
import { Badge, Container, Heading, Input, Select, Table, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { useSearchParams } from "react-router-dom"
import { sdk } from "../../lib/sdk"

type Appointment = {
  id: string
  status: string
  status_label: string
  start_at: string
  end_at: string
  party_size: number
  order_id: string | null
  offering_name: string | null
}
type Calendar = {
  merchant: { id: string; name: string; timezone: string }
  date: string
  resources: Array<{
    id: string
    name: string
    kind: string
    capacity: number
    is_active: boolean
    closures: Array<{ id: string; starts_at: string; ends_at: string; reason: string | null }>
    appointments: Appointment[]
  }>
}

const STATUS_COLOR: Record<string, "green" | "blue" | "orange" | "grey" | "red" | "purple"> = {
  held: "orange",
  confirmed: "blue",
  checked_in: "purple",
  completed: "green",
  no_show: "red",
  cancelled: "grey",
}

function time(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat("zh-CN", { timeZone, hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso))
}

function today() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())
}

/** Operators: one shop's day, per resource (预约日历). Shop and date live in the URL so views can be shared. */
const BookingsPage = () => {
  const [params, setParams] = useSearchParams()
  const merchantId = params.get("merchant_id") ?? ""
  const date = params.get("date") ?? today()
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params)
    if (v) p.set(k, v)
    else p.delete(k)
    setParams(p, { replace: true })
  }

  // The list API pages at 100; with more shops the operator narrows it by name.
  const [shopQuery, setShopQuery] = useState("")
  const merchants = useQuery({
    queryKey: ["booking-merchants", shopQuery],
    queryFn: () =>
      sdk.client.fetch<{ merchants: Array<{ id: string; name: string }> }>("/admin/merchants", {
        query: { status: "approved", limit: 100, ...(shopQuery.trim() ? { q: shopQuery.trim() } : {}) },
      }),
  })
  const calendar = useQuery({
    queryKey: ["booking-calendar", merchantId, date],
    enabled: !!merchantId,
    queryFn: () => sdk.client.fetch<{ calendar: Calendar }>("/admin/bookings/calendar", { query: { merchant_id: merchantId, date } }),
  })
  const cal = calendar.data?.calendar

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <Heading level="h1">
          预约日历 <span className="text-ui-fg-muted txt-compact-small font-normal">Bookings</span>
        </Heading>
        <div className="flex items-center gap-2">
          <div className="w-48">
            <Input
              type="search"
              size="small"
              placeholder="搜索商家 Search shops"
              aria-label="搜索商家 Search shops"
              value={shopQuery}
              onChange={(e) => setShopQuery(e.target.value)}
            />
          </div>
          <div className="w-64">
            <Select value={merchantId} onValueChange={(v) => set("merchant_id", v)}>
              <Select.Trigger>
                <Select.Value placeholder="选择商家 Select a shop" />
              </Select.Trigger>
              <Select.Content>
                {(merchants.data?.merchants ?? []).map((m) => (
                  <Select.Item key={m.id} value={m.id}>
                    {m.name}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          <Input type="date" value={date} onChange={(e) => set("date", e.target.value)} />
        </div>
      </div>
      {!merchantId ? (
        <div className="px-6 py-8">
          <Text className="text-ui-fg-muted">请选择商家查看当天各资源的预约。 Pick a shop to see its day per resource.</Text>
        </div>
      ) : calendar.isLoading ? (
        <div className="px-6 py-8">
          <Text className="text-ui-fg-muted">加载中…</Text>
        </div>
      ) : calendar.isError ? (
        <div className="px-6 py-8">
          <Text className="text-ui-fg-error">{(calendar.error as Error)?.message}</Text>
        </div>
      ) : cal && cal.resources.length === 0 ? (
        <div className="px-6 py-8">
          <Text className="text-ui-fg-muted">该商家还没有可预约的资源。 This shop has no bookable resources yet.</Text>
        </div>
      ) : (
        cal?.resources.map((r) => (
          <div key={r.id} className="px-6 py-4">
            <div className="mb-2 flex items-center gap-2">
              <Heading level="h2">{r.name}</Heading>
              <Text size="small" className="text-ui-fg-muted">
                {r.kind} · 容量 {r.capacity}
                {r.is_active ? "" : " · 已停用"}
              </Text>
            </div>
            {r.closures.map((c) => (
              <Text key={c.id} size="small" className="text-ui-fg-subtle">
                休息 {time(c.starts_at, cal.merchant.timezone)}–{time(c.ends_at, cal.merchant.timezone)} {c.reason ?? ""}
              </Text>
            ))}
            {r.appointments.length === 0 ? (
              <Text size="small" className="text-ui-fg-muted">
                当天无预约 No bookings
              </Text>
            ) : (
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>时间 Time</Table.HeaderCell>
                    <Table.HeaderCell>服务 Service</Table.HeaderCell>
                    <Table.HeaderCell>人数 Party</Table.HeaderCell>
                    <Table.HeaderCell>状态 Status</Table.HeaderCell>
                    <Table.HeaderCell>订单 Order</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {r.appointments.map((a) => (
                    <Table.Row key={a.id}>
                      <Table.Cell>
                        {time(a.start_at, cal.merchant.timezone)}–{time(a.end_at, cal.merchant.timezone)}
                      </Table.Cell>
                      <Table.Cell>{a.offering_name ?? "—"}</Table.Cell>
                      <Table.Cell>{a.party_size}</Table.Cell>
                      <Table.Cell>
                        <Badge size="2xsmall" color={STATUS_COLOR[a.status] ?? "grey"}>
                          {a.status_label}
                        </Badge>
                      </Table.Cell>
                      <Table.Cell>{a.order_id ? <a href={`/app/orders/${a.order_id}`}>{a.order_id.slice(-8)}</a> : "—"}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </div>
        ))
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "预约日历",
  icon: CalendarSolid,
})

export default BookingsPage
