import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ReceiptPercent } from "@medusajs/icons"
import { Badge, Container, Heading, Select, Table, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useSearchParams } from "react-router-dom"
import { type AdminCoupon, couponRule, KIND_LABEL } from "../../lib/coupons"
import { errorMessage, formatDateTime } from "../../lib/merchants"
import { sdk } from "../../lib/sdk"

const PAGE = 20

/** Every coupon on the platform (shops' and the platform's own), filtered in the URL so back returns here. */
const CouponsPage = () => {
  const [params, setParams] = useSearchParams()
  const scope = params.get("scope") ?? "all"
  const status = params.get("status") ?? "all"
  const page = Number(params.get("page") ?? 0)
  const set = (k: string, val: string) => {
    const next = new URLSearchParams(params)
    if (val === "all") next.delete(k)
    else next.set(k, val)
    next.delete("page")
    setParams(next)
  }
  const qs = new URLSearchParams({ limit: String(PAGE), offset: String(page * PAGE) })
  if (scope !== "all") qs.set("platform", scope === "platform" ? "true" : "false")
  if (status !== "all") qs.set("status", status)
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["admin-coupons", qs.toString()],
    queryFn: () => sdk.client.fetch<{ coupons: AdminCoupon[]; count: number }>(`/admin/coupons?${qs}`),
    placeholderData: keepPreviousData,
  })

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <Heading level="h1">
          优惠券 <span className="text-ui-fg-muted txt-compact-small font-normal">Coupons</span>
        </Heading>
        <div className="flex gap-2">
          <Select value={scope} onValueChange={(val) => set("scope", val)}>
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="all">全部来源 All</Select.Item>
              <Select.Item value="platform">平台券 Platform</Select.Item>
              <Select.Item value="merchant">商家券 Shops</Select.Item>
            </Select.Content>
          </Select>
          <Select value={status} onValueChange={(val) => set("status", val)}>
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="all">全部状态 All</Select.Item>
              <Select.Item value="active">进行中 Active</Select.Item>
              <Select.Item value="ended">已结束 Ended</Select.Item>
            </Select.Content>
          </Select>
        </div>
      </div>
      {isLoading ? (
        <Text className="px-6 py-4 text-ui-fg-muted">加载中…</Text>
      ) : isError ? (
        <Text className="px-6 py-4 text-ui-fg-error">{errorMessage(error)}</Text>
      ) : !data?.coupons.length ? (
        <Text className="px-6 py-4 text-ui-fg-muted">没有优惠券 (no coupons)</Text>
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>名称 Title</Table.HeaderCell>
                <Table.HeaderCell>类型 Kind</Table.HeaderCell>
                <Table.HeaderCell>规则 Rule</Table.HeaderCell>
                <Table.HeaderCell>来源 Scope</Table.HeaderCell>
                <Table.HeaderCell>已领/总量 Claimed</Table.HeaderCell>
                <Table.HeaderCell>有效期 Valid</Table.HeaderCell>
                <Table.HeaderCell>状态 Status</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.coupons.map((c) => (
                <Table.Row key={c.id}>
                  <Table.Cell>
                    {c.title}
                    {c.new_customer_only ? <Badge size="2xsmall" className="ml-2">新客</Badge> : null}
                  </Table.Cell>
                  <Table.Cell>{KIND_LABEL[c.kind]}</Table.Cell>
                  <Table.Cell>{couponRule(c)}</Table.Cell>
                  <Table.Cell>{c.merchant_id ? `商家 ${c.merchant_id.slice(-6)}` : "平台 Platform"}</Table.Cell>
                  <Table.Cell>
                    {c.claimed} / {c.total}
                  </Table.Cell>
                  <Table.Cell>
                    {formatDateTime(c.starts_at)} – {formatDateTime(c.ends_at)}
                  </Table.Cell>
                  <Table.Cell>
                    <Badge color={c.status === "active" ? "green" : "grey"}>{c.status === "active" ? "进行中" : "已结束"}</Badge>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Table.Pagination
            count={data.count}
            pageSize={PAGE}
            pageIndex={page}
            pageCount={Math.max(1, Math.ceil(data.count / PAGE))}
            canPreviousPage={page > 0}
            canNextPage={(page + 1) * PAGE < data.count}
            previousPage={() => setParams((p) => (p.set("page", String(page - 1)), p))}
            nextPage={() => setParams((p) => (p.set("page", String(page + 1)), p))}
          />
        </>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "优惠券",
  icon: ReceiptPercent,
})

export default CouponsPage
