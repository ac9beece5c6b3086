import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

type Entry = {
  id: string
  delta: number
  kind: string
  kind_label: string
  reason: string | null
  balance_after: number
  created_at: string
}

type OrderPoints = {
  order_id: string
  spent: number
  spent_amount: number
  refunded_spent: number
  earned: number
  reversed_earned: number
  entries: Entry[]
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

const Row = ({ label, value }: { label: string; value: string }) => (
  <div className="flex items-center justify-between px-6 py-2">
    <Text size="small" className="text-ui-fg-subtle">{label}</Text>
    <Text size="small" weight="plus">{value}</Text>
  </div>
)

/** Member points (积分) used on and earned by this order, with the ledger lines behind the numbers. */
const OrderPointsWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["order-points", order.id],
    queryFn: () => sdk.client.fetch<OrderPoints>(`/admin/orders/${order.id}/points`),
  })

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">
          会员积分 <span className="text-ui-fg-muted txt-compact-small font-normal">Member points</span>
        </Heading>
      </div>
      {isLoading ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">加载中… (loading)</Text>
        </div>
      ) : isError || !data ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-error">{(error as Error)?.message ?? "加载失败 (failed to load)"}</Text>
        </div>
      ) : (
        <>
          <div className="py-2">
            <Row label="抵扣使用 Points used" value={`${data.spent} 积分 · ¥${data.spent_amount.toFixed(2)}`} />
            {data.refunded_spent ? <Row label="已退回 Returned" value={`${data.refunded_spent} 积分`} /> : null}
            <Row label="消费获得 Points earned" value={`${data.earned} 积分`} />
            {data.reversed_earned ? <Row label="退款扣回 Reversed" value={`${data.reversed_earned} 积分`} /> : null}
          </div>
          {data.entries.length ? (
            <div className="flex flex-col gap-1 px-6 py-3">
              {data.entries.map((e) => (
                <div key={e.id} className="flex items-center justify-between gap-2">
                  <Text size="small" className="text-ui-fg-subtle">
                    {when(e.created_at)} · {e.kind_label}
                  </Text>
                  <Badge size="2xsmall" color={e.delta >= 0 ? "green" : "orange"}>
                    {e.delta >= 0 ? `+${e.delta}` : e.delta}
                  </Badge>
                </div>
              ))}
            </div>
          ) : (
            <div className="px-6 py-3">
              <Text size="small" className="text-ui-fg-muted">本单未使用也未获得积分 (no points on this order)</Text>
            </div>
          )}
        </>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default OrderPointsWidget
