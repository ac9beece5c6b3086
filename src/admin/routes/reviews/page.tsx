import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChatBubbleLeftRight } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Table, Tabs, Text, toast } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { useSearchParams } from "react-router-dom"
import { ReasonDrawer } from "../../components/reason-drawer"
import { sdk } from "../../lib/sdk"
import { errorMessage, formatDateTime } from "../../lib/merchants"

const PAGE_SIZE = 20
const TABS = [
  { value: "all", label: "全部", en: "All (reported first)" },
  { value: "reported", label: "被举报", en: "Reported" },
  { value: "hidden", label: "已隐藏", en: "Hidden" },
  { value: "visible", label: "显示中", en: "Visible" },
] as const
type Tab = (typeof TABS)[number]["value"]

type AdminReview = {
  id: string
  merchant_id: string
  customer_id: string
  author_name: string
  is_anonymous: boolean
  rating: number
  text: string | null
  photos: string[]
  status: "visible" | "hidden"
  hidden_reason: string | null
  report_count: number
  reports: { customer_id: string; reason: string | null; created_at: string }[]
  reply: { text: string } | null
  created_at: string
}
type ListResponse = { reviews: AdminReview[]; count: number }

const stars = (n: number) => "★".repeat(n) + "☆".repeat(5 - n)

/** 评价审核: the moderation queue — reported reviews first; hide with a reason, or restore. */
const ReviewsPage = () => {
  const [params, setParams] = useSearchParams()
  const tab = (params.get("status") as Tab | null) ?? "all"
  const page = Math.max(0, Number(params.get("page") ?? 0) || 0)
  const [hiding, setHiding] = useState<AdminReview | null>(null)
  const qc = useQueryClient()

  const query: Record<string, string | number> = { status: tab, limit: PAGE_SIZE, offset: page * PAGE_SIZE }
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["admin-reviews", query],
    queryFn: () => sdk.client.fetch<ListResponse>("/admin/reviews", { query }),
    placeholderData: keepPreviousData,
  })

  const moderate = useMutation({
    mutationFn: (v: { id: string; action: "hide" | "restore"; reason?: string }) =>
      sdk.client.fetch(`/admin/reviews/${v.id}/${v.action}`, {
        method: "POST",
        body: v.action === "hide" ? { reason: v.reason } : {},
      }),
    onSuccess: (_d, v) => {
      toast.success(v.action === "hide" ? "评价已隐藏 (review hidden)" : "评价已恢复 (review restored)")
      setHiding(null)
      qc.invalidateQueries({ queryKey: ["admin-reviews"] })
    },
    onError: (e) => toast.error(`操作失败：${errorMessage(e)}`),
  })

  const setTab = (v: string) => {
    const p = new URLSearchParams(params)
    if (v === "all") p.delete("status")
    else p.set("status", v)
    p.delete("page")
    setParams(p, { replace: true })
  }
  const setPage = (n: number) => {
    const p = new URLSearchParams(params)
    if (n > 0) p.set("page", String(n))
    else p.delete("page")
    setParams(p, { replace: true })
  }
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h1">评价审核</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          被举报的评价排在最前；隐藏需填写原因，隐藏的评价不计入商家评分 · Review moderation
        </Text>
      </div>
      <div className="px-6 py-3">
        <Tabs value={tab} onValueChange={setTab}>
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Trigger key={t.value} value={t.value} title={t.en}>
                {t.label}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
        </Tabs>
      </div>
      {isError ? (
        <div className="px-6 py-8">
          <Text className="text-ui-fg-error">加载评价失败：{errorMessage(error)}</Text>
        </div>
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>评分</Table.HeaderCell>
                <Table.HeaderCell>内容</Table.HeaderCell>
                <Table.HeaderCell>作者</Table.HeaderCell>
                <Table.HeaderCell>举报</Table.HeaderCell>
                <Table.HeaderCell>状态</Table.HeaderCell>
                <Table.HeaderCell>时间</Table.HeaderCell>
                <Table.HeaderCell>操作</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {(data?.reviews ?? []).map((r) => (
                <Table.Row key={r.id}>
                  <Table.Cell className="whitespace-nowrap text-ui-fg-interactive" aria-label={`${r.rating} 星`}>
                    {stars(r.rating)}
                  </Table.Cell>
                  <Table.Cell className="max-w-[420px]">
                    <Text size="small" className="line-clamp-3 whitespace-normal">
                      {r.text ?? "（无文字）"}
                    </Text>
                    {r.photos.length ? (
                      <div className="mt-1 flex gap-1">
                        {r.photos.slice(0, 4).map((u) => (
                          <a key={u} href={u} target="_blank" rel="noreferrer">
                            <img src={u} alt="评价图片" className="h-8 w-8 rounded object-cover" />
                          </a>
                        ))}
                        {r.photos.length > 4 ? <Text size="xsmall">+{r.photos.length - 4}</Text> : null}
                      </div>
                    ) : null}
                    {r.reply ? (
                      <Text size="xsmall" className="text-ui-fg-subtle mt-1 whitespace-normal">
                        商家回复：{r.reply.text}
                      </Text>
                    ) : null}
                  </Table.Cell>
                  <Table.Cell>
                    {r.author_name}
                    {r.is_anonymous ? <span className="text-ui-fg-muted"> · 匿名</span> : null}
                  </Table.Cell>
                  <Table.Cell>
                    {r.report_count ? (
                      <span title={r.reports.map((p) => p.reason ?? "—").join("\n")}>
                        <Badge color="orange" size="2xsmall">
                          {r.report_count} 次
                        </Badge>
                        {r.reports[0]?.reason ? (
                          <Text size="xsmall" className="text-ui-fg-subtle">
                            {r.reports[0].reason}
                          </Text>
                        ) : null}
                      </span>
                    ) : (
                      "—"
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    {r.status === "hidden" ? (
                      <span title={r.hidden_reason ?? ""}>
                        <Badge color="grey" size="2xsmall">
                          已隐藏
                        </Badge>
                        <Text size="xsmall" className="text-ui-fg-subtle whitespace-normal">
                          {r.hidden_reason}
                        </Text>
                      </span>
                    ) : (
                      <Badge color="green" size="2xsmall">
                        显示中
                      </Badge>
                    )}
                  </Table.Cell>
                  <Table.Cell className="tabular-nums whitespace-nowrap">{formatDateTime(r.created_at)}</Table.Cell>
                  <Table.Cell>
                    {r.status === "visible" ? (
                      <Button size="small" variant="danger" onClick={() => setHiding(r)}>
                        隐藏
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        variant="secondary"
                        isLoading={moderate.isPending && moderate.variables?.id === r.id}
                        onClick={() => moderate.mutate({ id: r.id, action: "restore" })}
                      >
                        恢复
                      </Button>
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {!isLoading && count === 0 ? (
            <div className="flex flex-col items-center gap-1 px-6 py-10">
              <Text weight="plus">暂无评价</Text>
              <Text size="small" className="text-ui-fg-muted">
                No reviews
              </Text>
            </div>
          ) : null}
          <Table.Pagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={page}
            pageCount={pageCount}
            canPreviousPage={page > 0}
            canNextPage={page + 1 < pageCount}
            previousPage={() => setPage(page - 1)}
            nextPage={() => setPage(page + 1)}
            translations={{ of: "/", results: "条", pages: "页", prev: "上一页", next: "下一页" }}
          />
        </>
      )}
      <ReasonDrawer
        open={!!hiding}
        title="隐藏评价 (hide review)"
        description="隐藏后顾客看不到这条评价，也不计入商家评分；作者能看到原因。The author sees the reason."
        confirmText="隐藏"
        isPending={moderate.isPending}
        onSubmit={(reason) => hiding && moderate.mutate({ id: hiding.id, action: "hide", reason })}
        onClose={() => setHiding(null)}
      />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "评价审核",
  icon: ChatBubbleLeftRight,
})

export const handle = {
  breadcrumb: () => "评价审核",
}

export default ReviewsPage
