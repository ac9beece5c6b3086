import { Button, Checkbox, Drawer, Input, Label, Select, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { KIND_LABEL, type AdminCoupon } from "../../lib/coupons"

export type CreateCouponBody = {
  title: string
  kind: AdminCoupon["kind"]
  value?: number
  tiers?: { min: number; off: number }[]
  min_spend?: number
  starts_at: string
  ends_at: string
  total: number
  per_customer_limit: number
  new_customer_only: boolean
}

type Props = {
  open: boolean
  isPending: boolean
  /** The server's refusal, shown as is: it names the field and says what is wrong. */
  error: string | null
  onSubmit: (body: CreateCouponBody) => void
  onClose: () => void
}

const DAY = 86_400_000
/** A datetime-local value in the browser's time zone. */
const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
const num = (s: string) => (s.trim() === "" ? undefined : Number(s))

/**
 * 新建平台券: the same body as POST /admin/coupons. Only shape is checked here (numbers are numbers);
 * the rules — tiers rising, percent 1–99, end after start — are the server's, and its message is shown.
 */
export const CreateCouponDrawer = ({ open, isPending, error, onSubmit, onClose }: Props) => {
  const [title, setTitle] = useState("")
  const [kind, setKind] = useState<AdminCoupon["kind"]>("fixed")
  const [value, setValue] = useState("")
  const [minSpend, setMinSpend] = useState("")
  const [tiers, setTiers] = useState([{ min: "", off: "" }])
  const [startsAt, setStartsAt] = useState("")
  const [endsAt, setEndsAt] = useState("")
  const [total, setTotal] = useState("100")
  const [perCustomer, setPerCustomer] = useState("1")
  const [newOnly, setNewOnly] = useState(false)

  useEffect(() => {
    if (!open) return
    const now = new Date()
    setTitle("")
    setKind("fixed")
    setValue("")
    setMinSpend("")
    setTiers([{ min: "", off: "" }])
    setStartsAt(local(now))
    setEndsAt(local(new Date(now.getTime() + 30 * DAY)))
    setTotal("100")
    setPerCustomer("1")
    setNewOnly(false)
  }, [open])

  const submit = () => {
    const body: CreateCouponBody = {
      title: title.trim(),
      kind,
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(endsAt).toISOString(),
      total: Number(total),
      per_customer_limit: Number(perCustomer),
      new_customer_only: newOnly,
    }
    if (kind === "tiered") body.tiers = tiers.map((t) => ({ min: Number(t.min), off: Number(t.off) }))
    else {
      body.value = num(value)
      body.min_spend = num(minSpend)
    }
    onSubmit(body)
  }

  const missing = !title.trim() || !startsAt || !endsAt || !total || (kind === "tiered" ? tiers.some((t) => !t.min || !t.off) : !value)

  return (
    <Drawer open={open} onOpenChange={(o) => (!o && !isPending ? onClose() : undefined)}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>新建平台券</Drawer.Title>
          <Drawer.Description>平台券可用于所有商家的商品 (a platform coupon is valid at every shop)</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="coupon-title" weight="plus">名称 Title</Label>
            <Input id="coupon-title" maxLength={100} value={title} placeholder="例如：平台满50减5" onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label weight="plus">类型 Kind</Label>
            <Select value={kind} onValueChange={(v) => setKind(v as AdminCoupon["kind"])}>
              <Select.Trigger aria-label="类型 Kind">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {(Object.keys(KIND_LABEL) as AdminCoupon["kind"][]).map((k) => (
                  <Select.Item key={k} value={k}>
                    {KIND_LABEL[k]}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          {kind === "tiered" ? (
            <div className="flex flex-col gap-y-2">
              <Label weight="plus">满减档位 Tiers（满 ¥ 减 ¥）</Label>
              {tiers.map((t, i) => (
                <div key={i} className="flex items-center gap-2">
                  <Text size="small">满</Text>
                  <Input aria-label={`第${i + 1}档门槛`} type="number" min={0} step="0.01" value={t.min}
                    onChange={(e) => setTiers(tiers.map((x, j) => (j === i ? { ...x, min: e.target.value } : x)))} />
                  <Text size="small">减</Text>
                  <Input aria-label={`第${i + 1}档减免`} type="number" min={0} step="0.01" value={t.off}
                    onChange={(e) => setTiers(tiers.map((x, j) => (j === i ? { ...x, off: e.target.value } : x)))} />
                  {tiers.length > 1 ? (
                    <Button variant="transparent" size="small" onClick={() => setTiers(tiers.filter((_, j) => j !== i))}>
                      删除
                    </Button>
                  ) : null}
                </div>
              ))}
              {tiers.length < 5 ? (
                <Button variant="secondary" size="small" className="self-start" onClick={() => setTiers([...tiers, { min: "", off: "" }])}>
                  添加一档
                </Button>
              ) : null}
            </div>
          ) : (
            <div className="grid grid-cols-2 gap-4">
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="coupon-value" weight="plus">{kind === "fixed" ? "减免金额 ¥ (yuan off)" : "折扣 % (percent off)"}</Label>
                <Input id="coupon-value" type="number" min={0} step={kind === "fixed" ? "0.01" : "1"} value={value} onChange={(e) => setValue(e.target.value)} />
              </div>
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="coupon-min" weight="plus">最低消费 ¥ (minimum)</Label>
                <Input id="coupon-min" type="number" min={0} step="0.01" value={minSpend} placeholder="0" onChange={(e) => setMinSpend(e.target.value)} />
              </div>
            </div>
          )}
          <div className="grid grid-cols-2 gap-4">
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="coupon-starts" weight="plus">开始 Starts</Label>
              <Input id="coupon-starts" type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="coupon-ends" weight="plus">结束 Ends</Label>
              <Input id="coupon-ends" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="coupon-total" weight="plus">发行总量 Total</Label>
              <Input id="coupon-total" type="number" min={1} step="1" value={total} onChange={(e) => setTotal(e.target.value)} />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="coupon-limit" weight="plus">每人限领 Per customer</Label>
              <Input id="coupon-limit" type="number" min={1} step="1" value={perCustomer} onChange={(e) => setPerCustomer(e.target.value)} />
            </div>
          </div>
          <div className="flex items-center gap-x-2">
            <Checkbox id="coupon-new" checked={newOnly} onCheckedChange={(c) => setNewOnly(c === true)} />
            <Label htmlFor="coupon-new">仅限新客（从未在平台下单的顾客）</Label>
          </div>
          {error ? (
            <Text size="small" className="text-ui-fg-error" role="alert">
              {error}
            </Text>
          ) : null}
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button variant="secondary" size="small" disabled={isPending}>
              取消
            </Button>
          </Drawer.Close>
          <Button size="small" onClick={submit} isLoading={isPending} disabled={missing}>
            创建
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
