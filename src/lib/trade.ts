import { MedusaError } from "@medusajs/framework/utils"

/**
 * Rules both Chinese gateways share: how long a trade may be paid, and how a refund is numbered.
 */

/** A trade nobody limited is still closed after two hours (the QR code on screen goes stale anyway). */
export const MAX_TRADE_MINUTES = 120
/** Less than this left and the customer could not finish scanning: refuse rather than open a trade. */
export const MIN_TRADE_SECONDS = 60

/**
 * When the gateway must stop accepting payment for a new trade: the cart's `pay_before` (the earliest
 * booking hold's expiry, set by the payment-session middleware) or two hours, whichever is first.
 * Paying after a hold lapsed would take money for a slot the cart no longer owns.
 */
export function tradeDeadline(payBefore: unknown, now = Date.now()): Date {
  let end = now + MAX_TRADE_MINUTES * 60_000
  if (payBefore !== undefined && payBefore !== null && payBefore !== "") {
    const t = new Date(String(payBefore)).getTime()
    if (!Number.isFinite(t)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `付款截止时间无效 (pay_before "${payBefore}" is not a time)`)
    }
    end = Math.min(end, t)
  }
  // Whole seconds, rounded down: both gateways take second precision and must not end later than the hold.
  end = Math.floor(end / 1000) * 1000
  if (end - now < MIN_TRADE_SECONDS * 1000) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "预约保留即将到期，请重新选择时间后再付款 (the booking hold is about to expire; pick a slot again before paying)"
    )
  }
  return new Date(end)
}

/** Beijing wall time (UTC+8, no DST) as "YYYY-MM-DDTHH:mm:ss". */
function beijing(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)
}

/** WeChat Pay's time_expire: RFC 3339 with the +08:00 offset. */
export function rfc3339Beijing(date: Date): string {
  return `${beijing(date)}+08:00`
}

/** Alipay's time_expire: "yyyy-MM-dd HH:mm:ss", Beijing time. */
export function alipayTime(date: Date): string {
  return beijing(date).replace("T", " ")
}

/** Alipay's relative timeout_express in whole minutes, rounded down so it never outlives time_expire. */
export function timeoutExpress(deadline: Date, now = Date.now()): string {
  return `${Math.max(1, Math.floor((deadline.getTime() - now) / 60_000))}m`
}

/**
 * The refund request number (WeChat out_refund_no, Alipay out_request_no). Medusa's refund id cannot
 * serve: Medusa deletes its refund record when the provider call fails, so the operator's retry after
 * a gateway timeout would get a new id and the gateway would pay twice. This number depends only on
 * the trade, how many refunds the gateway has already accepted for it (recorded in the payment's data
 * on success only) and the amount, so the retry of a refund whose answer was lost carries the same
 * number and the gateway recognises it. At most 32 + 2 + 3 + 1 + 16 characters, [0-9A-Za-z_] only:
 * within both gateways' 64 characters and charsets.
 */
export function refundRequestNo(outTradeNo: string, acceptedBefore: number, fen: number): string {
  if (!/^[0-9A-Za-z_]{1,32}$/.test(outTradeNo)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `商户订单号无效，无法生成退款单号 (invalid out_trade_no ${outTradeNo})`)
  }
  if (!Number.isSafeInteger(fen) || fen < 1 || !Number.isSafeInteger(acceptedBefore) || acceptedBefore < 0) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "退款金额无效 (invalid refund amount)")
  }
  return `${outTradeNo}_R${acceptedBefore + 1}_${fen}`
}

/**
 * The words on the gateway's payment sheet (WeChat `description`, Alipay `subject`): the shop and what is
 * bought, e.g. "老王火锅 · 双人火锅套餐等2件". The server makes it from the cart, never the client, so a
 * customer's bank statement cannot be made to say "免费" or name another shop. Control characters go;
 * the providers cut it to their gateway's length.
 */
export function sheetText(shopName: string | null | undefined, items: { title?: string | null; quantity?: unknown }[]): string | undefined {
  const clean = (s: unknown) => String(s ?? "").replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim()
  const shop = clean(shopName)
  if (!shop) return undefined
  const titled = items.filter((i) => clean(i.title))
  const count = items.reduce((n, i) => n + (Number.isSafeInteger(Number(i.quantity)) && Number(i.quantity) > 0 ? Number(i.quantity) : 0), 0)
  if (!titled.length) return shop
  const first = clean(titled[0].title)
  return `${shop} · ${count > 1 ? `${first}等${count}件` : first}`
}

/**
 * What rides along with a trade and comes back inside the gateway's signed notification (WeChat `attach`,
 * ≤128 characters; Alipay `body`, ≤128): the session and its payment collection. Medusa hard-deletes a
 * dropped session, so a notification for its trade could otherwise not be tied to any cart.
 */
export function tradeRef(sessionId: string, paymentCollectionId?: unknown): string {
  return typeof paymentCollectionId === "string" && PAYMENT_COLLECTION_ID.test(paymentCollectionId)
    ? `${sessionId}|${paymentCollectionId}`
    : sessionId
}

const PAYMENT_COLLECTION_ID = /^pay_col_[0-9A-Za-z]{1,40}$/

/** Reads tradeRef's text; trades opened before it carried the payment collection hold the session id only. */
export function parseTradeRef(text: unknown): { session_id?: string; payment_collection_id?: string } {
  if (typeof text !== "string") return {}
  const [session, collection] = text.split("|")
  return {
    ...(/^payses_[0-9A-Za-z]{1,40}$/.test(session ?? "") ? { session_id: session } : {}),
    ...(PAYMENT_COLLECTION_ID.test(collection ?? "") ? { payment_collection_id: collection } : {}),
  }
}

/**
 * Medusa drops a payment session when the customer picks another provider or the cart changes, and
 * then forgets it. A trade the customer has already paid must not go that way: its notification would
 * find nothing and the money would stay with us without an order.
 */
export function paidTradeRefusal(): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    "该支付单已付款，订单正在确认中，请勿更换支付方式 (this trade is already paid: the order is being placed)"
  )
}

/** The gateway could not say whether the trade was paid: dropping it could lose the customer's money. */
export function tradeUnknownRefusal(gateway: "微信支付" | "支付宝", detail?: string): MedusaError {
  const en = gateway === "微信支付" ? "WeChat Pay" : "Alipay"
  return new MedusaError(
    MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
    `暂时无法向${gateway}确认该支付单是否已付款，请稍后重试${detail ? `（${detail}）` : ""} ` +
      `(cannot confirm with ${en} whether this trade was paid; please try again shortly)`
  )
}
