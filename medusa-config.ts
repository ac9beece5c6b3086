import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { paymentProviders } from "./src/modules/payment-config"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const REDIS_URL = process.env.REDIS_URL
const isProduction = process.env.NODE_ENV === "production"

/**
 * With REDIS_URL every piece of shared state moves to Redis, exactly as Medusa's own hosted
 * setup does, so several `server` instances and one `worker` can run against one database.
 * Without it Medusa's in-memory defaults are used (one process, development and tests).
 */
const redisModules = REDIS_URL
  ? [
      {
        resolve: "@medusajs/medusa/event-bus-redis",
        options: { redisUrl: REDIS_URL },
      },
      {
        resolve: "@medusajs/medusa/workflow-engine-redis",
        options: { redis: { redisUrl: REDIS_URL } },
      },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              id: "locking-redis",
              resolve: "@medusajs/medusa/locking-redis",
              is_default: true,
              options: { redisUrl: REDIS_URL },
            },
          ],
        },
      },
      {
        resolve: "@medusajs/medusa/cache-redis",
        options: { redisUrl: REDIS_URL },
      },
      {
        resolve: "@medusajs/medusa/caching",
        options: {
          providers: [
            {
              id: "caching-redis",
              resolve: "@medusajs/medusa/caching-redis",
              is_default: true,
              options: { redisUrl: REDIS_URL },
            },
          ],
        },
      },
    ]
  : process.env.MEDUSA_FF_CACHING === "true"
    ? [
        // Medusa's caching feature in process memory, e.g. for the publishable key lookup every /store
        // request makes. Registered only with the flag: otherwise it would still hear every event. One
        // process only; with several (`--cluster`) use REDIS_URL so invalidations reach them all.
        { resolve: "@medusajs/medusa/caching", options: { in_memory: { enable: true } } },
      ]
    : []

const workerMode = (process.env.MEDUSA_WORKER_MODE || "shared") as "shared" | "worker" | "server"

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: REDIS_URL,
    workerMode,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:8000,http://localhost:9000,http://localhost:5173",
      // Production has no fallback: scripts/start.js refuses to boot without real secrets.
      jwtSecret: process.env.JWT_SECRET || (isProduction ? undefined : "supersecret"),
      cookieSecret: process.env.COOKIE_SECRET || (isProduction ? undefined : "supersecret"),
    },
  },
  admin: {
    // A worker never serves HTTP, so it never needs the dashboard bundle either.
    disable: process.env.DISABLE_MEDUSA_ADMIN === "true" || workerMode === "worker",
    path: "/app",
    backendUrl: process.env.MEDUSA_BACKEND_URL,
  },
  modules: [
    {
      // Medusa's e-mail + password sign-in, but an unknown e-mail takes as long as a known one
      // (src/modules/auth-emailpass); same id, so routes and stored identities are unchanged.
      resolve: "@medusajs/medusa/auth",
      options: {
        providers: [{ resolve: "./src/modules/auth-emailpass", id: "emailpass" }],
      },
    },
    { resolve: "./src/modules/merchant" },
    { resolve: "./src/modules/booking" },
    // Reviews (评价); REVIEW_DAILY_LIMIT caps reviews per customer per day (default 10).
    {
      resolve: "./src/modules/review",
      options: process.env.REVIEW_DAILY_LIMIT ? { daily_limit: Number(process.env.REVIEW_DAILY_LIMIT) } : {},
    },
    { resolve: "./src/modules/coupon" },
    { resolve: "./src/modules/points" },
    {
      resolve: "./src/modules/nearby",
      // Without MEILISEARCH_HOST nearby search runs on the project's own PostgreSQL (pg-geo).
      options: process.env.MEILISEARCH_HOST
        ? {
            meilisearch: {
              host: process.env.MEILISEARCH_HOST,
              apiKey: process.env.MEILISEARCH_API_KEY,
              indexName: process.env.MEILISEARCH_INDEX || "tongcheng_merchants",
            },
          }
        : {},
    },
    {
      // Uploaded pictures (shop logos, photos, licences) are served by this backend under /static;
      // their URLs must name the address the backend is really reached at.
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: {
              backend_url: `${process.env.MEDUSA_BACKEND_URL || `http://localhost:${process.env.PORT || 9000}`}/static`,
              // Private files (licence scans) must not sit in the folder served at /static, where anyone who
              // knows a name could fetch them; operators read them through /admin/merchants/:id/licence-image.
              private_upload_dir: process.env.PRIVATE_UPLOAD_DIR || `${process.cwd()}/private-uploads`,
            },
          },
        ],
      },
    },
    ...redisModules,
    // WeChat Pay / Alipay / Stripe, each only when its settings are present (see payment-config.ts).
    ...(() => {
      const providers = paymentProviders()
      return providers.length ? [{ resolve: "@medusajs/medusa/payment", options: { providers } }] : []
    })(),
  ],
})
