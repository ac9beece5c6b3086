import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { MerchantOrderStatusBadge, MerchantStatusBadge } from "../components/status-badges"
import { errorMessage, formatDateTime, type MerchantOrderStatus, type WidgetMerchant } from "../lib/merchants"
import { sdk } from "../lib/sdk"

type OrderMerchantResponse = {
  merchant: WidgetMerchant | null
  merchant_status: MerchantOrderStatus | null
  merchant_status_detail: {
    reject_reason: string | null
    accepted_at: string | null
    rejected_at: string | null
    ready_at: string | null
    completed_at: string | null
    created_at: string | null
  } | null
}

const STEPS = [
  ["created_at", "下单"],
  ["accepted_at", "接单"],
  ["rejected_at", "拒单"],
  ["ready_at", "备好"],
  ["completed_at", "完成"],
] as const

/** The shop behind an order and how far the shop has got with it, which Medusa's order status does not show. */
const OrderMerchantWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["order-merchant", order.id],
    queryFn: () => sdk.client.fetch<OrderMerchantResponse>(`/admin/orders/${order.id}/merchant`),
  })
  const detail = data?.merchant_status_detail

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">
          商家 <span className="text-ui-fg-muted txt-compact-small font-normal">Merchant</span>
        </Heading>
        {data?.merchant_status ? <MerchantOrderStatusBadge status={data.merchant_status} /> : null}
      </div>
      {isLoading ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">
            加载中…
          </Text>
        </div>
      ) : isError ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-error">
            {errorMessage(error)}
          </Text>
        </div>
      ) : !data?.merchant ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">
            该订单未关联商家
          </Text>
        </div>
      ) : (
        <>
          <div className="flex items-center justify-between gap-x-2 px-6 py-4">
            <div className="flex min-w-0 flex-col">
              <Link
                to={`/merchants/${data.merchant.id}`}
                className="txt-compact-small-plus text-ui-fg-interactive truncate hover:underline"
              >
                {data.merchant.name}
              </Link>
              <Text size="small" className="text-ui-fg-subtle">
                {data.merchant.phone}
              </Text>
            </div>
            <MerchantStatusBadge status={data.merchant.status} />
          </div>
          {detail ? (
            <div className="flex flex-col gap-y-2 px-6 py-4">
              <Text size="small" weight="plus">
                商家接单进度
              </Text>
              {STEPS.filter(([key]) => detail[key]).map(([key, label]) => (
                <div key={key} className="flex justify-between gap-x-2">
                  <Text size="small" className="text-ui-fg-subtle">
                    {label}
                  </Text>
                  <Text size="small" className="tabular-nums">
                    {formatDateTime(detail[key])}
                  </Text>
                </div>
              ))}
              {detail.reject_reason ? (
                <Text size="small" className="text-ui-fg-error">
                  拒单原因：{detail.reject_reason}
                </Text>
              ) : null}
            </div>
          ) : null}
        </>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side",
})

export default OrderMerchantWidget
