import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProduct, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { MerchantStatusBadge } from "../components/status-badges"
import { errorMessage, useCategoryNames, type WidgetMerchant } from "../lib/merchants"
import { sdk } from "../lib/sdk"

/** 所属商家: which shop sells this product, so an operator can jump to its review page. */
const ProductMerchantWidget = ({ data: product }: DetailWidgetProps<AdminProduct>) => {
  const categoryName = useCategoryNames()
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["product-merchant", product.id],
    queryFn: () => sdk.client.fetch<{ merchant: WidgetMerchant | null }>(`/admin/products/${product.id}/merchant`),
  })
  const merchant = data?.merchant

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">
          所属商家 <span className="text-ui-fg-muted txt-compact-small font-normal">Merchant</span>
        </Heading>
        {merchant ? <MerchantStatusBadge status={merchant.status} /> : null}
      </div>
      <div className="px-6 py-4">
        {isLoading ? (
          <Text size="small" className="text-ui-fg-muted">
            加载中…
          </Text>
        ) : isError ? (
          <Text size="small" className="text-ui-fg-error">
            {errorMessage(error)}
          </Text>
        ) : merchant ? (
          <div className="flex flex-col gap-y-1">
            <Link to={`/merchants/${merchant.id}`} className="txt-compact-small-plus text-ui-fg-interactive hover:underline">
              {merchant.name}
            </Link>
            <Text size="small" className="text-ui-fg-subtle">
              {categoryName(merchant.category)} · {merchant.phone}
            </Text>
          </div>
        ) : (
          <Text size="small" className="text-ui-fg-muted">
            平台商品，未关联商家
          </Text>
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product.details.side",
})

export default ProductMerchantWidget
