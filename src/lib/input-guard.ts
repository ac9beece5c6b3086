/**
 * Rules every API request must pass before any route sees it. They exist because PostgreSQL refuses a
 * NUL byte inside text ("invalid byte sequence") and a negative LIMIT/OFFSET, and Medusa's own list
 * validators pass both straight through: without a gate in front, such input reaches the database and
 * comes back as a 500. The rules are deliberately plain so that a caller can predict them.
 */

/** Medusa's admin dashboard asks for `limit=9999` on some pickers; nothing legitimate asks for more. */
export const MAX_LIST_LIMIT = 10_000
/** Far past any real page; keeps OFFSET inside PostgreSQL's bigint and JavaScript's safe integers. */
export const MAX_LIST_OFFSET = 10_000_000
/** Ids are prefixed ULIDs (~30 characters), slugs are short; anything this long is not a key of ours. */
export const MAX_PATH_SEGMENT = 200
/** JSON deeper than this is no request body we accept, and walking it must not exhaust the stack. */
export const MAX_BODY_DEPTH = 32

// Any script's letters and digits (Chinese slugs), and the punctuation Medusa ids, handles, currency
// codes and workflow ids use. Quotes, spaces, semicolons, slashes and the like are never part of a key.
const SEGMENT = /^[\p{L}\p{N}\p{M}_\-.~:@+,=]+$/u
// In paths and query strings no control character is legitimate.
const CONTROL = /[\u0000-\u001f\u007f]/
// Text in a body may carry tabs and line breaks (review text, addresses); the other C0 characters may not.
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/

/**
 * Path prefixes whose last segments are file names chosen by an uploader rather than keys we mint:
 * only the control-character rule applies there.
 */
const FREE_TEXT_PATHS = [/^\/admin\/uploads\//]

export type InputProblem = { message: string }

const problem = (zh: string, en: string): InputProblem => ({ message: `${zh} (${en})` })

function describe(s: string) {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s
}

/** `originalUrl`'s path part: each raw segment is decoded on its own so that `%2F` cannot hide a slash. */
export function checkPath(rawPath: string): InputProblem | null {
  const freeText = FREE_TEXT_PATHS.some((re) => re.test(rawPath))
  for (const raw of rawPath.split("/")) {
    if (!raw) continue
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return problem("路径编码无效", `malformed percent-encoding in the path: ${describe(raw)}`)
    }
    if (CONTROL.test(segment)) return problem("路径含有控制字符", "the path contains a control character such as NUL")
    if (freeText) continue
    if (segment.length > MAX_PATH_SEGMENT)
      return problem("路径中的编号过长", `a path segment is longer than ${MAX_PATH_SEGMENT} characters`)
    if (!SEGMENT.test(segment))
      return problem("路径中的编号格式无效", `malformed id in the path: ${JSON.stringify(describe(segment))}`)
  }
  return null
}

/**
 * The query as Express parsed it (qs: nested objects and arrays). Keys and values may not hold control
 * characters; `limit` and `offset`, wherever a list route reads them, must be whole numbers in range.
 */
export function checkQuery(query: unknown): InputProblem | null {
  const stack: unknown[] = [query]
  while (stack.length) {
    const value = stack.pop()
    if (typeof value === "string") {
      if (CONTROL.test(value)) return problem("查询参数含有控制字符", "a query parameter contains a control character such as NUL")
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (CONTROL.test(k)) return problem("查询参数名含有控制字符", "a query parameter name contains a control character")
        stack.push(v)
      }
    }
  }
  const q = (query ?? {}) as Record<string, unknown>
  return checkPaging("limit", q.limit, MAX_LIST_LIMIT) ?? checkPaging("offset", q.offset, MAX_LIST_OFFSET)
}

function checkPaging(name: "limit" | "offset", value: unknown, max: number): InputProblem | null {
  if (value === undefined) return null
  const zh = name === "limit" ? "每页条数 limit" : "偏移量 offset"
  if (typeof value !== "string" || !/^\d+$/.test(value))
    return problem(`${zh} 必须是非负整数`, `${name} must be a non-negative whole number`)
  if (Number(value) > max) return problem(`${zh} 不能超过 ${max}`, `${name} must be at most ${max}`)
  return null
}

/** A parsed JSON body: every string value and key, at any depth, free of control characters but \t \n \r. */
export function checkBody(body: unknown): InputProblem | null {
  if (body === null || typeof body !== "object") {
    return typeof body === "string" && BODY_CONTROL.test(body)
      ? problem("请求内容含有控制字符", "the body contains a control character such as NUL")
      : null
  }
  // Iterative on purpose: a body of 50 000 nested arrays fits in Medusa's 100 kB limit.
  const stack: Array<[unknown, number]> = [[body, 1]]
  while (stack.length) {
    const [value, depth] = stack.pop()!
    if (typeof value === "string") {
      if (BODY_CONTROL.test(value)) return problem("请求内容含有控制字符", "the body contains a control character such as NUL")
    } else if (value && typeof value === "object") {
      if (depth > MAX_BODY_DEPTH) return problem("请求内容嵌套过深", `the JSON body is nested deeper than ${MAX_BODY_DEPTH} levels`)
      for (const [k, v] of Object.entries(value)) {
        if (BODY_CONTROL.test(k)) return problem("请求内容的字段名含有控制字符", "a field name in the body contains a control character")
        stack.push([v, depth + 1])
      }
    }
  }
  return null
}

/** All three, in the order a reader would look: path, query, body. */
export function checkRequestInput(req: { originalUrl: string; query: unknown; body?: unknown }): InputProblem | null {
  const path = req.originalUrl.split("?")[0]
  return checkPath(path) ?? checkQuery(req.query) ?? checkBody(req.body)
}
