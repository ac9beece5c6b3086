import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Buildings } from "@medusajs/icons"
import { Container, Heading, Input, Table, Tabs, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useEffect, useRef, useState } from "react"
import { useNavigate, useSearchParams } from "react-router-dom"
import { MerchantStatusBadge } from "../../components/status-badges"
import { sdk } from "../../lib/sdk"
import {
  errorMessage,
  formatDateTime,
  MERCHANT_STATUS,
  MERCHANT_STATUSES,
  merchantKeys,
  useCategoryNames,
  type MerchantListResponse,
  type MerchantStatus,
} from "../../lib/merchants"

const PAGE_SIZE = 20
type Tab = MerchantStatus | "all"

const MerchantsPage = () => {
  const navigate = useNavigate()
  // Tab, search and page live in the URL so that coming back from a detail page lands on the same view.
  const [params, setParams] = useSearchParams()
  const tab = (params.get("status") as Tab | null) ?? "pending"
  const q = params.get("q") ?? ""
  const page = Math.max(0, Number(params.get("page") ?? 0) || 0)
  const [search, setSearch] = useState(q)
  const categoryName = useCategoryNames()

  // The debounced search fires from a timer set up in an earlier render; reading the params through a
  // ref keeps it from undoing a tab switched in between (setParams' updater sees render-time params).
  const latest = useRef(params)
  latest.current = params
  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(latest.current)
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === "") p.delete(k)
      else p.set(k, v)
    }
    latest.current = p
    setParams(p, { replace: true })
  }

  // Search as the operator types, but not on every keystroke.
  useEffect(() => {
    if (search.trim() === q) return
    const t = setTimeout(() => update({ q: search.trim() || null, page: null }), 300)
    return () => clearTimeout(t)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search])

  const query: Record<string, string | number> = { limit: PAGE_SIZE, offset: page * PAGE_SIZE }
  if (tab !== "all") query.status = tab
  if (q) query.q = q

  const { data, isLoading, isError, error } = useQuery({
    queryKey: merchantKeys.list(query),
    queryFn: () => sdk.client.fetch<MerchantListResponse>("/admin/merchants", { query }),
    placeholderData: keepPreviousData,
  })

  const counts = data?.status_counts
  const total = counts ? MERCHANT_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0) : undefined
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div>
          <Heading level="h1">商家管理</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            审核入驻申请，管理商家状态 · Merchants
          </Text>
        </div>
        <Input
          type="search"
          size="small"
          className="w-full max-w-[280px]"
          placeholder="搜索商家名称 (search by name)"
          aria-label="搜索商家名称"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>

      <div className="px-6 py-3">
        <Tabs value={tab} onValueChange={(v) => update({ status: v === "pending" ? null : v, page: null })}>
          <Tabs.List>
            {MERCHANT_STATUSES.map((s) => (
              <Tabs.Trigger key={s} value={s} title={MERCHANT_STATUS[s].en}>
                {MERCHANT_STATUS[s].label}
                <span className="text-ui-fg-muted ml-1 tabular-nums">{counts?.[s] ?? "–"}</span>
              </Tabs.Trigger>
            ))}
            <Tabs.Trigger value="all" title="All">
              全部
              <span className="text-ui-fg-muted ml-1 tabular-nums">{total ?? "–"}</span>
            </Tabs.Trigger>
          </Tabs.List>
        </Tabs>
      </div>

      {isError ? (
        <div className="px-6 py-8">
          <Text className="text-ui-fg-error">加载商家失败：{errorMessage(error)}</Text>
        </div>
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>商家名称</Table.HeaderCell>
                <Table.HeaderCell>类目</Table.HeaderCell>
                <Table.HeaderCell>城市</Table.HeaderCell>
                <Table.HeaderCell>电话</Table.HeaderCell>
                <Table.HeaderCell>状态</Table.HeaderCell>
                <Table.HeaderCell>申请时间</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {(data?.merchants ?? []).map((m) => (
                <Table.Row
                  key={m.id}
                  className="cursor-pointer"
                  tabIndex={0}
                  role="link"
                  aria-label={`查看商家 ${m.name}`}
                  onClick={() => navigate(`/merchants/${m.id}`)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") navigate(`/merchants/${m.id}`)
                  }}
                >
                  <Table.Cell>
                    <Text size="small" weight="plus" className="text-ui-fg-base">
                      {m.name}
                    </Text>
                  </Table.Cell>
                  <Table.Cell>{categoryName(m.category)}</Table.Cell>
                  <Table.Cell>
                    {m.city}
                    {m.district ? <span className="text-ui-fg-muted"> · {m.district}</span> : null}
                  </Table.Cell>
                  <Table.Cell className="tabular-nums">{m.phone}</Table.Cell>
                  <Table.Cell>
                    <MerchantStatusBadge status={m.status} />
                  </Table.Cell>
                  <Table.Cell className="tabular-nums">{formatDateTime(m.created_at)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {!isLoading && count === 0 ? (
            <div className="flex flex-col items-center gap-1 px-6 py-10">
              <Text weight="plus">{q ? `没有名称包含「${q}」的商家` : "暂无商家"}</Text>
              <Text size="small" className="text-ui-fg-muted">
                No merchants
              </Text>
            </div>
          ) : null}
          {isLoading ? (
            <div className="px-6 py-10">
              <Text className="text-ui-fg-muted">加载中…</Text>
            </div>
          ) : null}
          <Table.Pagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={page}
            pageCount={pageCount}
            canPreviousPage={page > 0}
            canNextPage={page + 1 < pageCount}
            previousPage={() => update({ page: page > 1 ? String(page - 1) : null })}
            nextPage={() => update({ page: String(page + 1) })}
            translations={{ of: "/", results: "条", pages: "页", prev: "上一页", next: "下一页" }}
          />
        </>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "商家管理",
  icon: Buildings,
})

export const handle = {
  breadcrumb: () => "商家管理",
}

export default MerchantsPage
