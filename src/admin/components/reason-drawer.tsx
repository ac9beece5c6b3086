import { Button, Drawer, Label, Text, Textarea } from "@medusajs/ui"
import { useEffect, useState } from "react"

const MAX_REASON = 500

type Props = {
  open: boolean
  title: string
  description: string
  confirmText: string
  isPending: boolean
  onSubmit: (reason: string) => void
  onClose: () => void
}

/**
 * Reject and suspend must carry a reason: the merchant sees it, and it stays in the review history.
 * The server refuses an empty one too; checking here saves the operator a failed round trip.
 */
export const ReasonDrawer = ({ open, title, description, confirmText, isPending, onSubmit, onClose }: Props) => {
  const [reason, setReason] = useState("")
  const [touched, setTouched] = useState(false)

  useEffect(() => {
    if (open) {
      setReason("")
      setTouched(false)
    }
  }, [open])

  const empty = reason.trim().length === 0
  const submit = () => {
    setTouched(true)
    if (!empty) onSubmit(reason.trim())
  }

  return (
    <Drawer open={open} onOpenChange={(o) => (!o && !isPending ? onClose() : undefined)}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{title}</Drawer.Title>
          <Drawer.Description>{description}</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-2">
          <Label htmlFor="merchant-status-reason" weight="plus">
            原因 <span className="text-ui-fg-muted font-normal">(reason, required)</span>
          </Label>
          <Textarea
            id="merchant-status-reason"
            rows={5}
            maxLength={MAX_REASON}
            value={reason}
            aria-invalid={touched && empty}
            placeholder="例如：营业执照照片不清晰，请重新上传"
            onChange={(e) => setReason(e.target.value)}
            onBlur={() => setTouched(true)}
          />
          <div className="flex justify-between">
            <Text size="xsmall" className={touched && empty ? "text-ui-fg-error" : "text-ui-fg-muted"}>
              {touched && empty ? "请填写原因 (a reason is required)" : "商家会看到此原因"}
            </Text>
            <Text size="xsmall" className="text-ui-fg-muted tabular-nums">
              {[...reason].length}/{MAX_REASON}
            </Text>
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button variant="secondary" size="small" disabled={isPending}>
              取消
            </Button>
          </Drawer.Close>
          <Button variant="danger" size="small" onClick={submit} isLoading={isPending} disabled={touched && empty}>
            {confirmText}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
