import { defineRouting } from "next-intl/routing"

export const routing = defineRouting({
  locales: ["zh-CN", "en"],
  defaultLocale: "zh-CN",
  // Chinese at "/", English under "/en": each page has one canonical URL per language for search engines.
  localePrefix: "as-needed",
  // Most visitors' browsers (and crawlers) send English Accept-Language even in China; Chinese stays the
  // default and English is chosen only by the switch.
  localeDetection: false,
})

export type Locale = (typeof routing.locales)[number]
