import fs from "node:fs"
import path from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { ROOT } from "./storefront-server"

export const SHOTS = path.join(ROOT, "test-results", "screenshots")
export const PHONE = { width: 390, height: 844 }
export const DESKTOP = { width: 1280, height: 800 }

type Findings = { noAlt: string[]; overflow: number; width: number }

/**
 * The page's images without alt text and how far it is wider than the viewport, measured once its images
 * have arrived (their sizes change the layout) and the next frame is painted. Lazy images below the fold
 * never load in a headless window, so only eager ones are waited for.
 */
function inspect(page: Page): Promise<Findings> {
  return page.evaluate(async () => {
    const pending = Array.from(document.images).filter((i) => !i.complete && i.loading !== "lazy")
    await Promise.all(
      pending.map(
        (i) =>
          new Promise((done) => {
            i.addEventListener("load", done, { once: true })
            i.addEventListener("error", done, { once: true })
          })
      )
    )
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
    return {
      noAlt: Array.from(document.images)
        .filter((i) => !(i.getAttribute("alt") ?? "").trim())
        .map((i) => i.src.slice(0, 80)),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      width: window.innerWidth,
    }
  })
}

// The page moved on (or was closed) while being measured: the next page gets its own check.
const GONE = /Execution context was destroyed|Target page, context or browser has been closed|Cannot find context|frame was detached/i

/**
 * A page in a fresh context (zh-CN, Asia/Shanghai) that records console errors and uncaught exceptions and,
 * after every navigation of the main frame (full loads and the App Router's client-side ones), images
 * without alt text and sideways scrolling at the viewport's width (390 px on a phone). The context is
 * added to `opened` so the suite can close it after each test.
 *
 * `checked()` waits for the checks still running, checks the page as it is now, and returns everything
 * found: a test ends with `expect(await checked()).toEqual([])`.
 */
export async function openPage(
  browser: Browser,
  opened: BrowserContext[],
  opts: { viewport?: { width: number; height: number }; geolocation?: { latitude: number; longitude: number } } = {}
) {
  const context = await browser.newContext({
    viewport: opts.viewport ?? PHONE,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    ...(opts.geolocation ? { geolocation: opts.geolocation, permissions: ["geolocation"] } : {}),
  })
  opened.push(context)
  const page = await context.newPage()
  const errors: string[] = []
  const note = (msg: string) => {
    if (!errors.includes(msg)) errors.push(msg)
  }
  page.on("console", (m) => {
    if (m.type() === "error") {
      // "Failed to load resource" names no resource: the location says which one failed.
      const at = m.location().url
      note(`${page.url()}: ${m.text()}${at && at !== page.url() ? ` (${at})` : ""}`)
    }
  })
  page.on("pageerror", (e) => note(`${page.url()}: ${e.message}`))

  const running = new Set<Promise<void>>()
  const check = async () => {
    const url = page.url()
    if (!/^https?:/.test(url)) return
    try {
      const f = await inspect(page)
      if (f.noAlt.length) note(`${url}: images without alt text: ${f.noAlt.join(", ")}`)
      if (f.overflow > 0) note(`${url}: ${f.overflow} px wider than the ${f.width} px viewport (sideways scrolling)`)
    } catch (e: any) {
      if (!GONE.test(String(e?.message ?? e))) note(`${url}: page check failed: ${e?.message ?? e}`)
    }
  }
  const track = (p: Promise<void>) => {
    running.add(p)
    p.finally(() => running.delete(p))
  }
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return
    track(
      (async () => {
        // A full load checks the finished page; for a client-side navigation "load" is already past.
        await frame.waitForLoadState("load").catch(() => {})
        await check()
      })()
    )
  })
  const checked = async () => {
    while (running.size) await Promise.all([...running])
    await check()
    return errors
  }
  page.setDefaultTimeout(20_000)
  return { page, errors, checked }
}

/** Every <img> on the page has a non-empty alt. */
export function imagesWithoutAlt(page: Page) {
  return page.evaluate(() =>
    Array.from(document.images)
      .filter((i) => !(i.getAttribute("alt") ?? "").trim())
      .map((i) => i.src.slice(0, 80))
  )
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

/** Nothing wider than the viewport: the page reads at 390 px without sideways scrolling. */
export function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}
