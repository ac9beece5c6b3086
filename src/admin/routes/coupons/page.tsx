import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ReceiptPercent } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Select, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { useSearchParams } from "react-router-dom"
import { type AdminCoupon, couponRule, KIND_LABEL } from "../../lib/coupons"
import { errorMessage, formatDateTime } from "../../lib/merchants"
import { sdk } from "../../lib/sdk"
import { type CreateCouponBody, CreateCouponDrawer } from "./create-coupon-drawer"

const PAGE = 20

/**
 * Every coupon on the platform (shops' and the platform's own), filtered in the URL so back returns here.
 * Operators create platform coupons here and may end any coupon at once (e.g. a shop's found abusive).
 */
const CouponsPage = () => {
  const qc = useQueryClient()
  const prompt = usePrompt()
  const [creating, setCreating] = useState(false)
  const [createError, setCreateError] = useState<string | null>(null)
  const create = useMutation({
    mutationFn: (body: CreateCouponBody) =>
      sdk.client.fetch<{ coupon: AdminCoupon }>("/admin/coupons", { method: "POST", body }),
    onSuccess: ({ coupon }) => {
      toast.success(`平台券「${coupon.title}」已创建 (coupon created)`)
      setCreating(false)
      qc.invalidateQueries({ queryKey: ["admin-coupons"] })
    },
    onError: (e) => setCreateError(errorMessage(e)),
  })
  const end = useMutation({
    mutationFn: (c: AdminCoupon) =>
      sdk.client.fetch<{ coupon: AdminCoupon }>(`/admin/coupons/${c.id}`, { method: "POST", body: { end_now: true } }),
    onSuccess: ({ coupon }) => {
      toast.success(`「${coupon.title}」已结束 (coupon ended)`)
      qc.invalidateQueries({ queryKey: ["admin-coupons"] })
    },
    onError: (e) => toast.error(`操作失败：${errorMessage(e)}`),
  })
  const confirmEnd = async (c: AdminCoupon) => {
    const ok = await prompt({
      title: "立即结束这张券？",
      description: `「${c.title}」结束后不能再领取；顾客已领取未使用的券随之失效，正在付款中的订单仍按付款时的金额结算。`,
      confirmText: "立即结束",
      cancelText: "取消",
    })
    if (ok) end.mutate(c)
  }

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
          <Button
            size="small"
            variant="secondary"
            onClick={() => {
              setCreateError(null)
              setCreating(true)
            }}
          >
            新建平台券
          </Button>
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
                <Table.HeaderCell />
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
                  <Table.Cell>
                    {c.status === "active" ? (
                      <Button
                        size="small"
                        variant="transparent"
                        disabled={end.isPending && end.variables?.id === c.id}
                        onClick={() => confirmEnd(c)}
                      >
                        结束
                      </Button>
                    ) : null}
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
      <CreateCouponDrawer
        open={creating}
        isPending={create.isPending}
        error={createError}
        onSubmit={(body) => {
          setCreateError(null)
          create.mutate(body)
        }}
        onClose={() => setCreating(false)}
      />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "优惠券",
  icon: ReceiptPercent,
})

export default CouponsPage
