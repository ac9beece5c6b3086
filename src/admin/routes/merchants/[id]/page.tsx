import { Alert, Avatar, Badge, Button, Container, Copy, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState, type ReactNode } from "react"
import { useLoaderData, useParams, type LoaderFunctionArgs, type UIMatch } from "react-router-dom"
import { ReasonDrawer } from "../../../components/reason-drawer"
import { MerchantStatusBadge } from "../../../components/status-badges"
import { sdk } from "../../../lib/sdk"
import {
  ACTION,
  ACTIONS_FOR_STATUS,
  errorMessage,
  formatDateTime,
  formatRange,
  merchantKeys,
  statusLabel,
  useCategoryNames,
  WEEKDAY_ZH,
  WEEKDAYS,
  type MerchantAction,
  type MerchantDetail,
} from "../../../lib/merchants"

type DetailResponse = { merchant: MerchantDetail }

const fetchMerchant = (id: string) => sdk.client.fetch<DetailResponse>(`/admin/merchants/${id}`)

const Section = ({ title, en, children, actions }: { title: string; en?: string; children: ReactNode; actions?: ReactNode }) => (
  <Container className="divide-y p-0">
    <div className="flex items-center justify-between gap-x-4 px-6 py-4">
      <Heading level="h2">
        {title}
        {en ? <span className="text-ui-fg-muted txt-compact-small ml-2 font-normal">{en}</span> : null}
      </Heading>
      {actions}
    </div>
    {children}
  </Container>
)

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="text-ui-fg-subtle grid grid-cols-[minmax(0,1fr)_minmax(0,2fr)] items-start gap-x-4 px-6 py-3">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <div className="txt-compact-small text-ui-fg-base min-w-0 break-words">{children ?? "—"}</div>
  </div>
)

const ACTOR: Record<string, string> = { user: "运营", merchant: "商家", system: "系统" }

const MerchantDetailPage = () => {
  const { id } = useParams() as { id: string }
  const initial = useLoaderData() as DetailResponse | undefined
  const queryClient = useQueryClient()
  const prompt = usePrompt()
  const categoryName = useCategoryNames()
  const [reasonFor, setReasonFor] = useState<MerchantAction | null>(null)
  const [brokenImage, setBrokenImage] = useState<string | null>(null)

  const { data, isLoading, isError, error } = useQuery({
    queryKey: merchantKeys.detail(id),
    queryFn: () => fetchMerchant(id),
    // The route loader already fetched it for the breadcrumb; no second request on open.
    initialData: initial?.merchant?.id === id ? initial : undefined,
  })
  const merchant = data?.merchant

  const mutation = useMutation({
    mutationFn: ({ action, reason }: { action: MerchantAction; reason?: string }) =>
      sdk.client.fetch<DetailResponse>(`/admin/merchants/${id}/${action}`, {
        method: "POST",
        body: reason ? { reason } : {},
      }),
    onSuccess: async (_res, { action }) => {
      toast.success(`${merchant?.name ?? "商家"}：${ACTION[action].done}`)
      setReasonFor(null)
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: merchantKeys.all }),
        ...merchantKeys.widgets.map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ])
    },
    onError: (e) => toast.error(`操作失败：${errorMessage(e)}`),
  })

  if (isLoading) {
    return (
      <Container>
        <Text className="text-ui-fg-muted">加载中…</Text>
      </Container>
    )
  }
  if (isError || !merchant) {
    return (
      <Container>
        <Text className="text-ui-fg-error">加载商家失败：{errorMessage(error)}</Text>
      </Container>
    )
  }

  const run = async (action: MerchantAction) => {
    if (ACTION[action].needsReason) {
      setReasonFor(action)
      return
    }
    const ok = await prompt({
      title: action === "approve" ? "通过入驻申请？" : "恢复营业？",
      description:
        action === "approve"
          ? `「${merchant.name}」将对消费者可见，并可以上架商品、接收订单。`
          : `「${merchant.name}」将重新对消费者可见并可接单。`,
      confirmText: `确认${ACTION[action].label}`,
      cancelText: "取消",
      variant: "confirmation",
    })
    if (ok) mutation.mutate({ action })
  }

  const hours = merchant.business_hours ?? {}
  const actions = ACTIONS_FOR_STATUS[merchant.status] ?? []
  const address = [merchant.province, merchant.city, merchant.district, merchant.street].filter(Boolean).join(" ")
  const amap = `https://uri.amap.com/marker?position=${merchant.lng},${merchant.lat}&name=${encodeURIComponent(
    merchant.name
  )}&coordinate=gaode&callnative=0`

  return (
    <div className="flex w-full flex-col gap-y-3">
      <div className="flex w-full flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
        <div className="flex w-full flex-col gap-y-3">
          <Container className="divide-y p-0">
            <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
              <div className="flex items-center gap-x-3">
                {merchant.logo ? <Avatar src={merchant.logo} fallback={merchant.name.slice(0, 1)} /> : null}
                <div>
                  <div className="flex items-center gap-x-2">
                    <Heading level="h1">{merchant.name}</Heading>
                    <MerchantStatusBadge status={merchant.status} />
                  </div>
                  <Text size="small" className="text-ui-fg-muted">
                    {categoryName(merchant.category)} · {merchant.slug}
                  </Text>
                </div>
              </div>
              <div className="flex gap-x-2">
                {actions.map((a) => (
                  <Button
                    key={a}
                    size="small"
                    variant={ACTION[a].variant}
                    title={ACTION[a].en}
                    disabled={mutation.isPending}
                    isLoading={mutation.isPending && mutation.variables?.action === a}
                    onClick={() => run(a)}
                  >
                    {ACTION[a].label}
                  </Button>
                ))}
              </div>
            </div>
            {merchant.status_reason && (merchant.status === "rejected" || merchant.status === "suspended") ? (
              <div className="px-6 py-4">
                <Alert variant={merchant.status === "rejected" ? "error" : "warning"}>
                  {merchant.status === "rejected" ? "驳回原因" : "暂停原因"}：{merchant.status_reason}
                </Alert>
              </div>
            ) : null}
            <Row label="联系电话">{merchant.phone}</Row>
            <Row label="商家介绍">{merchant.description || "—"}</Row>
            <Row label="营业状态">
              {merchant.status !== "approved"
                ? "未上线（仅审核通过的商家对消费者可见）"
                : merchant.open_now
                  ? `营业中${merchant.closes_at ? `，${formatDateTime(merchant.closes_at, merchant.timezone)} 打烊` : ""}`
                  : `休息中${merchant.next_opening ? `，下次营业 ${formatDateTime(merchant.next_opening, merchant.timezone)}` : ""}`}
            </Row>
            <Row label="商品数">{merchant.product_count}</Row>
            <Row label="评分">
              {merchant.rating_count ? `${merchant.rating_avg.toFixed(1)}（${merchant.rating_count} 条评价）` : "暂无评价"}
            </Row>
            <Row label="申请时间">{formatDateTime(merchant.created_at)}</Row>
            <Row label="通过时间">{formatDateTime(merchant.approved_at)}</Row>
            {merchant.photos?.length ? (
              <Row label="门店照片">
                <div className="flex flex-wrap gap-2">
                  {merchant.photos.map((src, i) => (
                    <a key={src} href={src} target="_blank" rel="noreferrer">
                      <img
                        src={src}
                        alt={`${merchant.name} 门店照片 ${i + 1}`}
                        className="h-16 w-16 rounded-md border object-cover"
                      />
                    </a>
                  ))}
                </div>
              </Row>
            ) : null}
          </Container>

          <Section title="地址与位置" en="Address">
            <Row label="地址">{address}</Row>
            <Row label="坐标 (GCJ-02)">
              <span className="tabular-nums">
                纬度 {merchant.lat.toFixed(6)}，经度 {merchant.lng.toFixed(6)}
              </span>
              <a href={amap} target="_blank" rel="noreferrer" className="text-ui-fg-interactive ml-2 hover:underline">
                在高德地图查看
              </a>
            </Row>
          </Section>

          <Section title="营业时间" en="Business hours">
            {WEEKDAYS.map((d) => {
              const ranges = hours.weekly?.[d] ?? []
              return (
                <Row key={d} label={WEEKDAY_ZH[d]}>
                  {ranges.length ? (
                    ranges.map(formatRange).join("，")
                  ) : (
                    <span className="text-ui-fg-muted">休息</span>
                  )}
                </Row>
              )
            })}
            {(hours.exceptions ?? []).map((ex) => (
              <Row key={ex.date} label={`特殊日期 ${ex.date}`}>
                {ex.closed ? "休息" : (ex.ranges ?? []).map(formatRange).join("，")}
                {ex.note ? <span className="text-ui-fg-muted">（{ex.note}）</span> : null}
              </Row>
            ))}
            <div className="px-6 py-3">
              <Text size="xsmall" className="text-ui-fg-muted">
                时区 {merchant.timezone}
              </Text>
            </div>
          </Section>

          <Section title="成员" en="Members">
            {merchant.members.length ? (
              merchant.members.map((m) => (
                <div key={m.id} className="flex items-center justify-between gap-x-4 px-6 py-3">
                  <div className="min-w-0">
                    <Text size="small" weight="plus">
                      {m.name || m.email}
                    </Text>
                    <Text size="small" className="text-ui-fg-muted truncate">
                      {m.email}
                    </Text>
                  </div>
                  <div className="flex items-center gap-x-2">
                    <Badge size="2xsmall" color={m.role === "owner" ? "blue" : "grey"}>
                      {m.role === "owner" ? "店主" : "店员"}
                    </Badge>
                    <Text size="xsmall" className="text-ui-fg-muted">
                      {m.joined_at ? `加入于 ${formatDateTime(m.joined_at)}` : "邀请中"}
                    </Text>
                  </div>
                </div>
              ))
            ) : (
              <div className="px-6 py-4">
                <Text size="small" className="text-ui-fg-muted">
                  暂无成员
                </Text>
              </div>
            )}
          </Section>
        </div>

        <div className="flex w-full flex-col gap-y-3 xl:max-w-[440px]">
          <Section title="营业执照" en="Business licence">
            <Row label="执照名称">{merchant.legal_name}</Row>
            <Row label="统一社会信用代码">
              <span className="inline-flex items-center gap-x-1 font-mono">
                {merchant.licence_code}
                <Copy content={merchant.licence_code} />
              </span>
            </Row>
            <div className="px-6 py-4">
              {merchant.licence_image && brokenImage === merchant.licence_image ? (
                // A missing file must not look like a missing upload: the operator should ask for a new one.
                <Text size="small" className="text-ui-fg-error">
                  营业执照图片无法加载，
                  <a href={merchant.licence_image} target="_blank" rel="noreferrer" className="underline">
                    打开原链接
                  </a>
                </Text>
              ) : merchant.licence_image ? (
                <a href={merchant.licence_image} target="_blank" rel="noreferrer" title="查看原图">
                  <img
                    src={merchant.licence_image}
                    alt={`营业执照：${merchant.legal_name}`}
                    className="bg-ui-bg-subtle max-h-96 w-full rounded-lg border object-contain"
                    onError={() => setBrokenImage(merchant.licence_image)}
                  />
                </a>
              ) : (
                <Text size="small" className="text-ui-fg-muted">
                  商家未上传营业执照图片
                </Text>
              )}
            </div>
          </Section>

          <Section title="审核记录" en="Review history">
            {merchant.status_events.length ? (
              merchant.status_events.map((ev) => (
                <div key={ev.id} className="flex flex-col gap-y-1 px-6 py-3">
                  <div className="flex items-center justify-between gap-x-2">
                    <Text size="small" weight="plus">
                      {ev.from_status ? `${statusLabel(ev.from_status)} → ` : ""}
                      {statusLabel(ev.to_status)}
                    </Text>
                    <Text size="xsmall" className="text-ui-fg-muted tabular-nums">
                      {formatDateTime(ev.created_at)}
                    </Text>
                  </div>
                  {ev.reason ? <Text size="small">原因：{ev.reason}</Text> : null}
                  <Text size="xsmall" className="text-ui-fg-muted">
                    {ACTOR[ev.actor_type ?? ""] ?? "系统"}
                    {ev.actor_id ? ` · ${ev.actor_id}` : ""}
                  </Text>
                </div>
              ))
            ) : (
              <div className="px-6 py-4">
                <Text size="small" className="text-ui-fg-muted">
                  暂无审核记录
                </Text>
              </div>
            )}
          </Section>

          <Section title="库存地点" en="Stock locations">
            <div className="px-6 py-4">
              <Text size="small">
                {merchant.stock_locations.length ? merchant.stock_locations.map((l) => l.name).join("，") : "—"}
              </Text>
            </div>
          </Section>
        </div>
      </div>

      <ReasonDrawer
        open={reasonFor !== null}
        title={reasonFor === "suspend" ? `暂停「${merchant.name}」` : `驳回「${merchant.name}」的入驻申请`}
        description={
          reasonFor === "suspend"
            ? "暂停后商家对消费者不可见，也不能接新订单。"
            : "商家会看到驳回原因并可修改资料，之后仍可再次审核通过。"
        }
        confirmText={reasonFor ? `确认${ACTION[reasonFor].label}` : "确认"}
        isPending={mutation.isPending}
        onClose={() => setReasonFor(null)}
        onSubmit={(reason) => reasonFor && mutation.mutate({ action: reasonFor, reason })}
      />
    </div>
  )
}

export async function loader({ params }: LoaderFunctionArgs) {
  return fetchMerchant(params.id as string)
}

export const handle = {
  breadcrumb: ({ loaderData }: UIMatch<DetailResponse>) => loaderData?.merchant?.name ?? "商家详情",
}

export default MerchantDetailPage
