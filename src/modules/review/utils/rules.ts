import { MedusaError } from "@medusajs/framework/utils"

export const MAX_TEXT_LENGTH = 500
export const MAX_PHOTOS = 9
export const EDIT_WINDOW_DAYS = 7
export const DEFAULT_DAILY_LIMIT = 10
export const ANONYMOUS_NAME = "匿名用户"

export type Dimension = { key: string; name_zh: string; name_en: string }

export function invalid(message: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

export function assertRating(value: unknown, field = "rating"): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 5) {
    invalid(`${field}: 评分须为 1–5 的整数 (rating must be a whole number from 1 to 5)`)
  }
  return value
}

/**
 * Sub-scores (分项评分) keyed by the merchant category's dimensions. Either the stable key (`taste`) or
 * the Chinese name (`口味`) is accepted; they are stored by key.
 */
export function normalizeSubScores(
  input: unknown,
  dimensions: readonly Dimension[]
): Record<string, number> | null {
  if (input === undefined || input === null) return null
  if (typeof input !== "object" || Array.isArray(input)) {
    invalid("sub_scores: 分项评分须为对象，如 {\"服务\": 5} (sub_scores must be an object)")
  }
  const out: Record<string, number> = {}
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    const dim = dimensions.find((d) => d.key === name || d.name_zh === name)
    if (!dim) {
      const allowed = dimensions.map((d) => `${d.name_zh}/${d.key}`).join(", ")
      invalid(`sub_scores.${name}: 该类商家没有此评分项，可选 ${allowed} (unknown sub-score for this merchant's category)`)
    }
    out[dim.key] = assertRating(value, `sub_scores.${name}`)
  }
  return Object.keys(out).length ? out : null
}

// Top-level domains seen in spam; a bare "word.com" is a link even without http:// or www.
const TLDS =
  "com|cn|net|org|info|biz|top|xyz|vip|cc|co|io|me|tv|shop|site|online|club|app|link|ltd|wang|store|tech|fun|live|icu|asia|hk|tw"
const LINK_PATTERNS = [
  /https?:\/\//i,
  /\bwww\./i,
  new RegExp(`[a-z0-9][a-z0-9-]*(\\.[a-z0-9-]+)*\\.(${TLDS})(?![a-z0-9])`, "i"),
]
// Phone numbers are matched after separators between digits are removed, so "138 0013 8000" counts.
const MOBILE = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/
const LANDLINE = /(?<!\d)0\d{2,3}\d{7,8}(?!\d)/
const SERVICE_NUMBER = /(?<!\d)[48]00\d{7}(?!\d)/

/** Why a text is refused (links or phone numbers), or null when it may be published. */
export function abuseReason(text: string): string | null {
  // Full-width letters and digits (ｗｗｗ．, １３８…) fold to ASCII first.
  const t = text.normalize("NFKC")
  if (LINK_PATTERNS.some((p) => p.test(t))) {
    return "text: 评价内容不能包含网址或链接 (links are not allowed in reviews)"
  }
  const digits = t.replace(/(?<=\d)[\s\-–—.()（）]+(?=\d)/g, "")
  if (MOBILE.test(digits) || LANDLINE.test(digits) || SERVICE_NUMBER.test(digits)) {
    return "text: 评价内容不能包含电话号码 (phone numbers are not allowed in reviews)"
  }
  return null
}

export function normalizeText(input: unknown): string | null {
  if (input === undefined || input === null) return null
  if (typeof input !== "string") invalid("text: 评价内容须为文字 (text must be a string)")
  const text = input.trim()
  if (!text) return null
  // Counted in characters as people see them, so one emoji is one character, not two UTF-16 units.
  if ([...text].length > MAX_TEXT_LENGTH) {
    invalid(`text: 评价内容最多 ${MAX_TEXT_LENGTH} 字 (text is limited to ${MAX_TEXT_LENGTH} characters)`)
  }
  const reason = abuseReason(text)
  if (reason) invalid(reason)
  return text
}

export function normalizePhotos(input: unknown): string[] {
  if (input === undefined || input === null) return []
  if (!Array.isArray(input) || input.some((u) => typeof u !== "string" || !u)) {
    invalid("photos: 图片须为上传后得到的 URL 列表 (photos must be a list of uploaded URLs)")
  }
  const photos = [...new Set(input as string[])]
  if (photos.length > MAX_PHOTOS) {
    invalid(`photos: 每条评价最多 ${MAX_PHOTOS} 张图片 (at most ${MAX_PHOTOS} photos per review)`)
  }
  return photos
}

/** Average to two decimals, computed from integer totals so no float drift creeps into the stored value. */
export function summaryFromTotals(sum: number, count: number): { rating_avg: number; rating_count: number } {
  if (!count) return { rating_avg: 0, rating_count: 0 }
  return { rating_avg: Math.round((sum * 100) / count) / 100, rating_count: count }
}

export function ratingSummary(ratings: number[]) {
  return summaryFromTotals(ratings.reduce((a, b) => a + b, 0), ratings.length)
}

export function dailyLimit(options?: { daily_limit?: number }): number {
  const fromEnv = Number(process.env.REVIEW_DAILY_LIMIT)
  const value = options?.daily_limit ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_DAILY_LIMIT)
  return Math.max(1, Math.floor(value))
}
