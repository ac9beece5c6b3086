import type { ExecArgs } from "@medusajs/framework/types"
import { reconcilePayments, shanghaiDay, summaryLine } from "../workflows/order/reconcile"

/**
 * `npm run reconcile -- --date YYYY-MM-DD [--dry-run]`: 对账 of one Shanghai day, summary as JSON on
 * stdout. The Medusa CLI refuses options it does not know, so the npm script ends in `--` and the options
 * arrive after it in process.argv; bare words (`2026-12-01 dry-run`) in `args` work too.
 */
export default async function reconcile({ container, args }: ExecArgs) {
  const words = [...(args ?? []), ...process.argv.slice(process.argv.indexOf("--") + 1 || process.argv.length)]
  let date: string | undefined
  let dryRun = false
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    if (w === "--dry-run" || w === "dry-run") dryRun = true
    else if (w === "--date") date = words[++i]
    else if (w.startsWith("--date=")) date = w.slice("--date=".length)
    else if (/^\d{4}-\d\d-\d\d$/.test(w)) date = w
  }
  try {
    if (!date) throw new Error("缺少 --date YYYY-MM-DD (usage: npm run reconcile -- --date YYYY-MM-DD [--dry-run])")
    shanghaiDay(date)
  } catch (e: any) {
    console.error(e?.message ?? e)
    process.exit(2)
  }
  const summary = await reconcilePayments(container, { date: date!, fix: !dryRun })
  console.error(summaryLine(summary))
  console.log(JSON.stringify(summary, null, 2))
}
