import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { type AdminCoupon, couponRule } from "../lib/coupons"
import { errorMessage, formatDateTime } from "../lib/merchants"
import { sdk } from "../lib/sdk"

type OrderCouponResponse = {
  coupon: { id: string; code: string; used_at: string; discount_total: number; batch: AdminCoupon } | null
  order_discount_total: number
}

/** The wallet coupon the customer used on this order and what it took off. */
const OrderCouponWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["order-coupon", order.id],
    queryFn: () => sdk.client.fetch<OrderCouponResponse>(`/admin/orders/${order.id}/coupon`),
  })
  const c = data?.coupon
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">
          优惠券 <span className="text-ui-fg-muted txt-compact-small font-normal">Coupon</span>
        </Heading>
      </div>
      <div className="flex flex-col gap-1 px-6 py-4">
        {isLoading ? (
          <Text size="small" className="text-ui-fg-muted">加载中…</Text>
        ) : isError ? (
          <Text size="small" className="text-ui-fg-error">{errorMessage(error)}</Text>
        ) : !c ? (
          <Text size="small" className="text-ui-fg-muted">未使用优惠券 (no coupon used)</Text>
        ) : (
          <>
            <Text size="small" weight="plus">{c.batch.title}</Text>
            <Text size="small" className="text-ui-fg-subtle">
              {couponRule(c.batch)} · {c.batch.merchant_id ? "商家券" : "平台券"}
            </Text>
            <Text size="small">优惠 Discount: -¥{c.discount_total}</Text>
            <Text size="small" className="text-ui-fg-muted">
              {c.code} · {formatDateTime(c.used_at)}
            </Text>
          </>
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default OrderCouponWidget
