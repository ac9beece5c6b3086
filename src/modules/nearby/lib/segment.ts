import { Jieba } from "@node-rs/jieba"
import { dict } from "@node-rs/jieba/dict"

// Chinese words are mostly two characters, too short for trigram indexes, so text is segmented here
// into lexemes for a `simple` tsvector. Jieba finds the words; every CJK character and every adjacent
// pair of characters is indexed too, so a query word matches anywhere it occurs as a substring
// (火锅 in 重庆老火锅) while a different word never does (美甲 is not a pair in 美食).
let jieba: Jieba | null = null
const cutter = () => (jieba ??= Jieba.withDict(dict))

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g
const LATIN_WORD = /[a-z0-9]+/g

const clean = (s: string) => s.normalize("NFKC").toLowerCase()

/** Lexemes to index for a piece of text. */
export function indexTokens(text: string): string[] {
  const t = clean(text)
  const out = new Set<string>()
  for (const run of t.match(CJK_RUN) ?? []) {
    const chars = [...run]
    for (let i = 0; i < chars.length; i++) {
      out.add(chars[i])
      if (i + 1 < chars.length) out.add(chars[i] + chars[i + 1])
    }
    for (const w of cutter().cutForSearch(run, true)) if (w.trim()) out.add(w)
  }
  for (const w of t.match(LATIN_WORD) ?? []) out.add(w)
  return [...out]
}

/**
 * A free-text query as lexemes that must all match: CJK words become their character pairs (a single
 * character stays itself), Latin words are prefix-matched so "coff" finds "coffee".
 */
export function queryTokens(q: string): { cjk: string[]; latin: string[] } {
  const t = clean(q)
  const cjk = new Set<string>()
  for (const run of t.match(CJK_RUN) ?? []) {
    for (const w of cutter().cut(run, true)) {
      const chars = [...w].filter((c) => CJK.test(c))
      if (chars.length === 1) cjk.add(chars[0])
      for (let i = 0; i + 1 < chars.length; i++) cjk.add(chars[i] + chars[i + 1])
    }
  }
  const latin = [...new Set(t.match(LATIN_WORD) ?? [])]
  return { cjk: [...cjk], latin }
}

/**
 * The Latin words of a name, lower-case, space-separated ("McDonald's 麦当劳" → "mcdonald s"); "" when
 * it has no Latin letter (the 24 of "24小时便利店" alone gives the trigram index nothing to match).
 */
export function latinText(text: string): string {
  const words = clean(text).match(LATIN_WORD) ?? []
  return words.some((w) => /[a-z]/.test(w)) ? words.join(" ") : ""
}

/** PostgreSQL tsquery text for the tokens; lexemes only hold letters and digits, so quoting is safe. */
export function toTsQuery(tokens: { cjk: string[]; latin: string[] }): string | null {
  const parts = [...tokens.cjk.map((w) => `'${w}'`), ...tokens.latin.map((w) => `'${w}':*`)]
  return parts.length ? parts.join(" & ") : null
}

/** Whether a product title matches the query, for listing the matching products of a hit. */
export function titleMatches(title: string, tokens: { cjk: string[]; latin: string[] }): boolean {
  if (!tokens.cjk.length && !tokens.latin.length) return false
  const set = new Set(indexTokens(title))
  return (
    tokens.cjk.every((w) => set.has(w)) &&
    tokens.latin.every((w) => [...set].some((x) => x.startsWith(w)))
  )
}
