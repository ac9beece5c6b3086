import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { ReasonDrawer } from "../components/reason-drawer"
import { errorMessage, formatDateTime } from "../lib/merchants"
import { sdk } from "../lib/sdk"

type Lifecycle = {
  status: string
  status_label: string
  reason: string | null
  actions: string[]
  amounts: { total: string; discount: string; captured: string; refunded: string }
  refunds: { id: string; amount: string; note: string | null; created_at: string }[]
  appointments: { id: string; status_label: string; start_at: string }[]
  vouchers: { id: string; status_label: string; title: string }[]
}

const COLOR: Record<string, "green" | "red" | "orange" | "blue" | "grey"> = {
  new: "orange",
  accepted: "blue",
  ready: "blue",
  completed: "green",
  rejected: "red",
  cancelled: "grey",
}

/**
 * The order as the lifecycle sees it (订单状态, money held and refunded, appointments and vouchers) and the
 * operator's 退款 button, shown only when the lifecycle offers it: the server decides, the widget shows.
 */
const OrderLifecycleWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const queryClient = useQueryClient()
  const key = ["order-lifecycle", order.id]
  const { data, isLoading, isError, error } = useQuery({
    queryKey: key,
    queryFn: () => sdk.client.fetch<{ order: Lifecycle }>(`/admin/orders/${order.id}/lifecycle`),
  })
  const [refunding, setRefunding] = useState(false)
  const refund = useMutation({
    mutationFn: (reason: string) =>
      sdk.client.fetch<{ order: Lifecycle }>(`/admin/orders/${order.id}/lifecycle-refund`, { method: "POST", body: { reason } }),
    onSuccess: async () => {
      toast.success("已退款 (refunded)")
      setRefunding(false)
      await queryClient.invalidateQueries()
    },
    onError: (e) => toast.error(`退款失败：${errorMessage(e)}`),
  })
  const o = data?.order

  return (
    <Container className="divide-y p-0" data-testid="order-lifecycle">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">
          订单状态 <span className="text-ui-fg-muted txt-compact-small font-normal">Lifecycle</span>
        </Heading>
        {o ? <Badge color={COLOR[o.status] ?? "grey"}>{o.status_label}</Badge> : null}
      </div>
      {isLoading ? (
        <Text size="small" className="text-ui-fg-muted px-6 py-4">
          加载中…
        </Text>
      ) : isError || !o ? (
        <Text size="small" className="text-ui-fg-error px-6 py-4">
          {isError ? errorMessage(error) : "该订单未关联商家"}
        </Text>
      ) : (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          {o.reason ? (
            <Text size="small" className="text-ui-fg-error">
              原因：{o.reason}
            </Text>
          ) : null}
          <div className="flex justify-between">
            <Text size="small" className="text-ui-fg-subtle">实收 / 已退</Text>
            <Text size="small" className="tabular-nums">
              ¥{o.amounts.captured} / ¥{o.amounts.refunded}
            </Text>
          </div>
          {o.refunds.map((r) => (
            <div key={r.id} className="flex justify-between gap-x-2">
              <Text size="small" className="text-ui-fg-subtle truncate">{r.note ?? "退款"}</Text>
              <Text size="small" className="tabular-nums">
                ¥{r.amount} · {formatDateTime(r.created_at)}
              </Text>
            </div>
          ))}
          {o.appointments.map((a) => (
            <Text key={a.id} size="small" className="text-ui-fg-subtle">
              预约 {formatDateTime(a.start_at)} · {a.status_label}
            </Text>
          ))}
          {o.vouchers.length ? (
            <Text size="small" className="text-ui-fg-subtle">
              团购券 {o.vouchers.map((v) => v.status_label).join("、")}
            </Text>
          ) : null}
          {o.actions.includes("refund") ? (
            <Button size="small" variant="secondary" className="self-start" onClick={() => setRefunding(true)}>
              退款 Refund
            </Button>
          ) : null}
        </div>
      )}
      <ReasonDrawer
        open={refunding}
        title="运营退款"
        description="已收取且未退的金额将全部原路退回；尚未核销或服务的订单同时取消（释放预约、退回优惠券与积分），已服务的订单只退款。"
        confirmText="确认退款"
        isPending={refund.isPending}
        onSubmit={(reason) => refund.mutate(reason)}
        onClose={() => setRefunding(false)}
      />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side",
})

export default OrderLifecycleWidget
