import { StatusBadge } from "@medusajs/ui"
import { MERCHANT_STATUS, ORDER_STATUS, type MerchantOrderStatus, type MerchantStatus } from "../lib/merchants"

export const MerchantStatusBadge = ({ status }: { status: MerchantStatus }) => {
  const s = MERCHANT_STATUS[status]
  if (!s) return <StatusBadge color="grey">{status}</StatusBadge>
  return (
    <StatusBadge color={s.color} title={s.en}>
      {s.label}
    </StatusBadge>
  )
}

export const MerchantOrderStatusBadge = ({ status }: { status: MerchantOrderStatus }) => {
  const s = ORDER_STATUS[status]
  if (!s) return <StatusBadge color="grey">{status}</StatusBadge>
  return (
    <StatusBadge color={s.color} title={s.en}>
      {s.label}
    </StatusBadge>
  )
}
