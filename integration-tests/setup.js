// Each suite's database is dropped when it ends. Connections still open then (knex's pool, a subscriber
// or scheduled job still running) report it with these exact words; they say nothing about the code under
// test, and hundreds of them hid the lines that do. Anything else still reaches the output.
const TEARDOWN_NOISE = [
  "Connection ended unexpectedly",
  "terminating connection due to administrator command",
  "canceling statement due to user request",
  'If the index "IDX_user_email" fails to create',
]
for (const level of ["log", "info", "warn", "error"]) {
  const original = console[level].bind(console)
  console[level] = (...args) => {
    const text = args.map((a) => (typeof a === "string" ? a : a?.message ?? "")).join(" ")
    if (TEARDOWN_NOISE.some((noise) => text.includes(noise))) return
    original(...args)
  }
}

// After the filter on purpose: this require creates Medusa's logger, whose winston transport binds
// console.log/error at that moment; a filter installed later never sees its lines.
// Medusa's module loader keeps a global MikroORM metadata registry; clearing it lets each
// suite load its own entities without "duplicate entity" errors.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")
MetadataStorage.clear()

