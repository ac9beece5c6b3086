// Medusa's module loader keeps a global MikroORM metadata registry; clearing it lets each
// suite load its own entities without "duplicate entity" errors.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")
MetadataStorage.clear()
