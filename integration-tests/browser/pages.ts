import fs from "node:fs"
import path from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { ROOT } from "./storefront-server"

export const SHOTS = path.join(ROOT, "test-results", "screenshots")
export const PHONE = { width: 390, height: 844 }
export const DESKTOP = { width: 1280, height: 800 }

/**
 * A page in a fresh context (zh-CN, Asia/Shanghai) that records console errors and uncaught exceptions;
 * the context is added to `opened` so the suite can close it after each test.
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
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`)
  })
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`))
  page.setDefaultTimeout(20_000)
  return { page, errors }
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
