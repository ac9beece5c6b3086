import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

type Appointment = {
  id: string
  status: string
  status_label: string
  start_at: string
  end_at: string
  party_size: number
  merchant_id: string
  offering_name: string | null
  resource_name: string | null
  checked_in_at: string | null
  cancellation: { free?: boolean; fee?: number | null; refund_amount?: number | null } | null
}

function when(iso: string) {
  return new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso))
}

/** The appointments an order paid for: slot, resource, status and redemption (核销). */
const OrderAppointmentsWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["order-appointments", order.id],
    queryFn: () => sdk.client.fetch<{ appointments: Appointment[] }>("/admin/bookings/appointments", { query: { order_id: order.id } }),
  })
  const list = data?.appointments ?? []
  if (!isLoading && !isError && list.length === 0) return null

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">
          预约 <span className="text-ui-fg-muted txt-compact-small font-normal">Appointments</span>
        </Heading>
      </div>
      {isLoading ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">加载中…</Text>
        </div>
      ) : isError ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-error">{(error as Error)?.message}</Text>
        </div>
      ) : (
        list.map((a) => (
          <div key={a.id} className="flex flex-col gap-1 px-6 py-3">
            <div className="flex items-center justify-between">
              <Text size="small" weight="plus">{a.offering_name ?? a.id}</Text>
              <Badge size="2xsmall">{a.status_label}</Badge>
            </div>
            <Text size="small" className="text-ui-fg-subtle">
              {when(a.start_at)}–{when(a.end_at).slice(-5)} · {a.resource_name ?? "—"} · {a.party_size} 人
            </Text>
            {a.checked_in_at ? (
              <Text size="small" className="text-ui-fg-subtle">核销于 {when(a.checked_in_at)}</Text>
            ) : null}
            {a.cancellation ? (
              <Text size="small" className="text-ui-fg-subtle">
                {a.cancellation.free ? "免费取消" : "逾期取消"}
                {a.cancellation.refund_amount != null ? ` · 应退 ¥${a.cancellation.refund_amount}` : ""}
              </Text>
            ) : null}
          </div>
        ))
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default OrderAppointmentsWidget
