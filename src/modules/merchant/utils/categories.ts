/**
 * Default merchant categories and the per-category review dimensions (分项评分).
 *
 * Kept as plain data so the seed script, the admin UI and the review module all
 * read one source; slugs are stable identifiers stored on merchants, so never
 * rename one — add a new slug and migrate instead.
 */

export type ReviewDimension = {
  /** Stable key stored with each sub-score. */
  key: string
  name_zh: string
  name_en: string
}

export type MerchantCategory = {
  slug: string
  name_zh: string
  name_en: string
  /** Display order on the storefront home grid. */
  rank: number
  review_dimensions: readonly ReviewDimension[]
}

const dim = (key: string, name_zh: string, name_en: string): ReviewDimension => ({ key, name_zh, name_en })

const TASTE = dim("taste", "口味", "Taste")
const ENVIRONMENT = dim("environment", "环境", "Environment")
const SERVICE = dim("service", "服务", "Service")
const SKILL = dim("skill", "技术", "Skill")
const PROFESSIONALISM = dim("professionalism", "专业", "Professionalism")
const PUNCTUALITY = dim("punctuality", "准时", "Punctuality")
const FACILITIES = dim("facilities", "设施", "Facilities")
const COACHING = dim("coaching", "教练", "Coaching")
const PACKAGING = dim("packaging", "包装", "Packaging")
const DELIVERY = dim("delivery_speed", "配送速度", "Delivery speed")
const PRICE = dim("value", "性价比", "Value for money")

export const DEFAULT_CATEGORIES = [
  { slug: "food", name_zh: "餐饮美食", name_en: "Food & Dining", rank: 10, review_dimensions: [TASTE, ENVIRONMENT, SERVICE] },
  { slug: "takeout", name_zh: "外卖", name_en: "Takeout", rank: 20, review_dimensions: [TASTE, PACKAGING, DELIVERY] },
  {
    slug: "housekeeping",
    name_zh: "家政服务",
    name_en: "Housekeeping",
    rank: 30,
    review_dimensions: [PROFESSIONALISM, PUNCTUALITY, SERVICE],
  },
  { slug: "beauty", name_zh: "美容美发", name_en: "Beauty & Hair", rank: 40, review_dimensions: [SKILL, ENVIRONMENT, SERVICE] },
  {
    slug: "fitness",
    name_zh: "休闲健身",
    name_en: "Fitness & Leisure",
    rank: 50,
    review_dimensions: [FACILITIES, COACHING, ENVIRONMENT],
  },
  { slug: "pets", name_zh: "宠物服务", name_en: "Pet Services", rank: 60, review_dimensions: [PROFESSIONALISM, ENVIRONMENT, SERVICE] },
  { slug: "repair", name_zh: "维修服务", name_en: "Repair Services", rank: 70, review_dimensions: [PROFESSIONALISM, PUNCTUALITY, PRICE] },
] as const satisfies readonly MerchantCategory[]

export type CategorySlug = (typeof DEFAULT_CATEGORIES)[number]["slug"]

export const CATEGORY_SLUGS: readonly CategorySlug[] = DEFAULT_CATEGORIES.map((c) => c.slug)

/** Sub-score names per category, zh-CN, e.g. REVIEW_SUBSCORES.food → ["口味", "环境", "服务"]. */
export const REVIEW_SUBSCORES: Readonly<Record<CategorySlug, readonly string[]>> = (() => {
  const out = {} as Record<CategorySlug, readonly string[]>
  for (const c of DEFAULT_CATEGORIES) out[c.slug] = c.review_dimensions.map((d) => d.name_zh)
  return out
})()

export function isCategorySlug(value: unknown): value is CategorySlug {
  return typeof value === "string" && (CATEGORY_SLUGS as readonly string[]).includes(value)
}

export function getCategory(slug: string): MerchantCategory | undefined {
  return DEFAULT_CATEGORIES.find((c) => c.slug === slug)
}

/** Review dimensions for a category; unknown categories fall back to a generic "service" score. */
export function reviewDimensionsFor(slug: string): readonly ReviewDimension[] {
  return getCategory(slug)?.review_dimensions ?? [SERVICE]
}

const MAX_BASE_LENGTH = 48

/**
 * 32-bit FNV-1a over UTF-8 bytes, rendered in base36 (≤ 7 chars). Chosen
 * because it is tiny, has no dependencies and gives the same output in every
 * JS runtime, so slugs computed in a seed script and at request time agree.
 * Not collision-proof: callers should still add a suffix or check uniqueness.
 */
export function shortHash(text: string): string {
  let h = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(36).padStart(7, "0")
}

function asciiSlugPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
}

/**
 * URL slug for a merchant name plus an optional short disambiguating suffix
 * (e.g. a city code or a few random chars chosen by the caller).
 *
 * - ASCII names ("Blue Bottle Coffee") → "blue-bottle-coffee".
 * - Names containing non-ASCII text (Chinese) are not transliterated (that
 *   would need a pinyin dictionary and is ambiguous for polyphonic chars).
 *   Instead any ASCII words are kept for readability and a stable base36 hash
 *   of the whole name is appended: "星巴克 Starbucks 陆家嘴店" → "starbucks-xxxxxxx",
 *   "老王家常菜" → "xxxxxxx".
 *
 * Full-width letters/digits are folded with NFKC first so "ＫＦＣ" and "KFC"
 * give the same slug.
 */
export function slugify(name: string, suffix?: string): string {
  const normalized = name.normalize("NFKC").trim()
  // eslint-disable-next-line no-control-regex
  const isAscii = /^[\x00-\x7f]*$/.test(normalized)
  const ascii = asciiSlugPart(normalized).slice(0, MAX_BASE_LENGTH).replace(/-+$/, "")
  let base: string
  if (isAscii && ascii !== "") {
    base = ascii
  } else if (normalized === "") {
    base = "merchant"
  } else {
    base = ascii ? `${ascii}-${shortHash(normalized)}` : shortHash(normalized)
  }
  const tail = suffix === undefined ? "" : asciiSlugPart(suffix.normalize("NFKC"))
  return tail ? `${base}-${tail}` : base
}
