import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import Redis from "ioredis"
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from "rate-limiter-flexible"

/**
 * Brute-force limits for password sign-in (issue 17): consecutive failures per account lock it for a
 * growing while, failures per IP across accounts lock that IP (credential stuffing). Every number can be
 * set through the environment; the defaults are what production runs.
 */
export type LoginLimitSettings = {
  /** Wrong passwords in a row on one account before it locks. */
  maxFailures: number
  /** Failures older than this no longer count towards the next lock. */
  failureWindowSeconds: number
  /** First lock; each further lock within `lockMemorySeconds` lasts `lockGrowth` times longer. */
  lockSeconds: number
  lockGrowth: number
  maxLockSeconds: number
  lockMemorySeconds: number
  /** Failed sign-ins from one IP, over all accounts, before the IP is locked. */
  ipMaxFailures: number
  ipWindowSeconds: number
  ipLockSeconds: number
  /** Password reset requests (each may send an e-mail) per account and per IP. */
  resetPerAccount: number
  resetPerIp: number
  resetWindowSeconds: number
}

export const DEFAULT_LOGIN_LIMITS: LoginLimitSettings = {
  maxFailures: 5,
  failureWindowSeconds: 3600,
  lockSeconds: 60,
  lockGrowth: 4,
  maxLockSeconds: 3600,
  lockMemorySeconds: 86400,
  // Generous: in China many mobile users share one carrier-NAT address.
  ipMaxFailures: 50,
  ipWindowSeconds: 900,
  ipLockSeconds: 900,
  resetPerAccount: 5,
  resetPerIp: 20,
  resetWindowSeconds: 3600,
}

const ENV_NAMES: Record<keyof LoginLimitSettings, string> = {
  maxFailures: "LOGIN_MAX_FAILURES",
  failureWindowSeconds: "LOGIN_FAILURE_WINDOW_SECONDS",
  lockSeconds: "LOGIN_LOCK_SECONDS",
  lockGrowth: "LOGIN_LOCK_GROWTH",
  maxLockSeconds: "LOGIN_MAX_LOCK_SECONDS",
  lockMemorySeconds: "LOGIN_LOCK_MEMORY_SECONDS",
  ipMaxFailures: "LOGIN_IP_MAX_FAILURES",
  ipWindowSeconds: "LOGIN_IP_WINDOW_SECONDS",
  ipLockSeconds: "LOGIN_IP_LOCK_SECONDS",
  resetPerAccount: "LOGIN_RESET_PER_ACCOUNT",
  resetPerIp: "LOGIN_RESET_PER_IP",
  resetWindowSeconds: "LOGIN_RESET_WINDOW_SECONDS",
}

export function loginLimitSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LoginLimitSettings {
  const out = { ...DEFAULT_LOGIN_LIMITS }
  for (const [key, name] of Object.entries(ENV_NAMES) as [keyof LoginLimitSettings, string][]) {
    const raw = env[name]
    if (raw === undefined || raw === "") continue
    const value = Number(raw)
    // A typo must not silently switch a limit off (NaN or 0 would).
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`)
    out[key] = value
  }
  return out
}

/** Length of the nth lock of an account (1-based): 1 min, 4 min, 16 min, … up to the cap. */
export function lockSecondsFor(s: LoginLimitSettings, nth: number) {
  return Math.min(Math.round(s.lockSeconds * s.lockGrowth ** Math.max(0, nth - 1)), s.maxLockSeconds)
}

export function accountKey(actor: string, email: unknown): string | null {
  if (typeof email !== "string" || !email.trim()) return null
  return `${actor}:${email.trim().toLowerCase()}`
}

export function lockedMessage(retryAfterSeconds: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
  return `登录失败次数过多，请 ${minutes} 分钟后再试 (too many failed sign-ins; try again in ${minutes} minutes)`
}

export function resetLimitedMessage(retryAfterSeconds: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
  return `重置密码请求过多，请 ${minutes} 分钟后再试 (too many password reset requests; try again in ${minutes} minutes)`
}

type MakeLimiter = (o: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract

/** An attempt let through: its outcome must be reported once the route has answered. */
export type Attempt = { account: string | null; ip: string; accountCount: number; ipCount: number }

export class LoginLimiter {
  private readonly accountFailures: RateLimiterAbstract
  private readonly accountLocks: RateLimiterAbstract
  private readonly ipFailures: RateLimiterAbstract
  private readonly resetByAccount: RateLimiterAbstract
  private readonly resetByIp: RateLimiterAbstract

  constructor(
    readonly settings: LoginLimitSettings,
    make: MakeLimiter,
    /** Closes the store's connection, if it has one. */
    readonly close: () => Promise<void> = async () => {}
  ) {
    const s = settings
    this.accountFailures = make({ keyPrefix: "login_fail", points: s.maxFailures, duration: s.failureWindowSeconds })
    this.accountLocks = make({ keyPrefix: "login_locks", points: 1_000_000, duration: s.lockMemorySeconds })
    this.ipFailures = make({ keyPrefix: "login_fail_ip", points: s.ipMaxFailures, duration: s.ipWindowSeconds })
    this.resetByAccount = make({ keyPrefix: "login_reset", points: s.resetPerAccount, duration: s.resetWindowSeconds })
    this.resetByIp = make({ keyPrefix: "login_reset_ip", points: s.resetPerIp, duration: s.resetWindowSeconds })
  }

  /**
   * Reserves one failure on the account (when `countAccount`) and on the IP before the password is
   * checked, so that a burst of parallel guesses cannot all slip in before the first one is counted.
   * Returns the seconds to wait when refused; the reservation is then given back, so that hammering a
   * locked account does not extend its lock.
   */
  async begin(account: string | null, ip: string, countAccount = true): Promise<Attempt | { retryAfterSeconds: number }> {
    const s = this.settings
    const ipRes = await this.ipFailures.penalty(ip, 1)
    let accRes: RateLimiterRes | null = null
    if (account) {
      accRes = countAccount ? await this.accountFailures.penalty(account, 1) : await this.accountFailures.get(account)
    }
    const waits: number[] = []
    if (ipRes.consumedPoints > s.ipMaxFailures) waits.push(Math.min(ipRes.msBeforeNext, s.ipLockSeconds * 1000))
    if (accRes && accRes.consumedPoints > s.maxFailures) waits.push(Math.min(accRes.msBeforeNext, s.maxLockSeconds * 1000))
    if (waits.length) {
      await this.ipFailures.reward(ip, 1)
      if (account && countAccount) await this.accountFailures.reward(account, 1)
      return { retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) }
    }
    return {
      account: countAccount ? account : null,
      ip,
      accountCount: accRes && countAccount ? accRes.consumedPoints : 0,
      ipCount: ipRes.consumedPoints,
    }
  }

  /** The password was wrong: the reservation stands, and a full count locks the account or IP. */
  async failed(a: Attempt) {
    const s = this.settings
    if (a.account && a.accountCount >= s.maxFailures) {
      const nth = (await this.accountLocks.penalty(a.account, 1)).consumedPoints
      await this.accountFailures.block(a.account, lockSecondsFor(s, nth))
    }
    if (a.ipCount >= s.ipMaxFailures) await this.ipFailures.block(a.ip, s.ipLockSeconds)
  }

  /** Signed in: the account starts afresh; the IP only gets its reservation back. */
  async succeeded(a: Attempt) {
    if (a.account) {
      await this.accountFailures.delete(a.account)
      await this.accountLocks.delete(a.account)
    }
    await this.ipFailures.reward(a.ip, 1)
  }

  /** Neither right nor wrong (bad input, server error): nothing counts. */
  async undecided(a: Attempt) {
    if (a.account) await this.accountFailures.reward(a.account, 1)
    await this.ipFailures.reward(a.ip, 1)
  }

  /** Counts a password reset request; returns the seconds to wait when over the limit. */
  async resetRequest(account: string | null, ip: string): Promise<number | null> {
    const results = [await this.resetByIp.penalty(ip, 1)]
    const limits = [this.settings.resetPerIp]
    if (account) {
      results.push(await this.resetByAccount.penalty(account, 1))
      limits.push(this.settings.resetPerAccount)
    }
    const over = results.filter((r, i) => r.consumedPoints > limits[i])
    if (!over.length) return null
    return Math.max(1, Math.ceil(Math.max(...over.map((r) => r.msBeforeNext)) / 1000))
  }
}

export function memoryLimiter(settings: LoginLimitSettings) {
  return new LoginLimiter(settings, (o) => new RateLimiterMemory(o))
}

/**
 * With REDIS_URL the counts live in Redis, shared by every server instance; should Redis fail, each
 * instance falls back to counting in its own memory rather than refusing or waving through everyone.
 */
export function redisLimiter(settings: LoginLimitSettings, redis: string | Redis) {
  // enableOfflineQueue off: a call while Redis is away fails at once and the insurance limiter answers.
  const client = typeof redis === "string" ? new Redis(redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : redis
  return new LoginLimiter(
    settings,
    (o) => new RateLimiterRedis({ ...o, storeClient: client, insuranceLimiter: new RateLimiterMemory(o) }),
    async () => {
      client.disconnect()
    }
  )
}

let shared: LoginLimiter | null = null

/** Built on first use, so that settings given in the environment by a test suite are read. */
export function loginLimiter(): LoginLimiter {
  if (!shared) {
    const settings = loginLimitSettingsFromEnv()
    shared = process.env.REDIS_URL ? redisLimiter(settings, process.env.REDIS_URL) : memoryLimiter(settings)
  }
  return shared
}

/**
 * Runs `after` with the status once the route has set it, and only then lets the answer go out: the
 * client cannot send its next guess before this one has been counted.
 */
function beforeAnswer(res: MedusaResponse, after: (status: number) => Promise<void>, onError: (e: unknown) => void) {
  const end = res.end.bind(res) as (...args: any[]) => MedusaResponse
  let pending = true
  res.end = ((...args: any[]) => {
    if (!pending) return end(...args)
    pending = false
    after(res.statusCode)
      .catch(onError)
      .finally(() => end(...args))
    return res
  }) as any
}

function refuse(res: MedusaResponse, retryAfterSeconds: number, message: string) {
  res.setHeader("Retry-After", String(retryAfterSeconds))
  res.status(429).json({ type: "too_many_requests", message })
}

function actorOf(req: MedusaRequest) {
  return (req.params?.actor_type as string | undefined) ?? req.path.split("/")[2] ?? "unknown"
}

function warn(req: MedusaRequest) {
  return (e: unknown) => {
    try {
      req.scope.resolve("logger").warn(`login limits: ${(e as Error)?.message ?? e}`)
    } catch {
      // No logger in scope: the sign-in itself already went through; nothing else to do.
    }
  }
}

/**
 * Middleware for a password sign-in (`/auth/:actor/emailpass`) or registration. On sign-in a 401 is a
 * wrong password for the account; on registration a 401 ("identity already exists" or a wrong password
 * for an unfinished one) counts only towards the IP, so that a user clicking "register" twice does not
 * lock their own account, but a locked account cannot be probed through registration either.
 */
export function guardPasswordAttempt(kind: "login" | "register") {
  return async function loginLimit(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
    const limiter = loginLimiter()
    const account = accountKey(actorOf(req), (req.body as any)?.email)
    const ip = req.ip ?? "unknown"
    const begun = await limiter.begin(account, ip, kind === "login")
    if ("retryAfterSeconds" in begun) return refuse(res, begun.retryAfterSeconds, lockedMessage(begun.retryAfterSeconds))
    beforeAnswer(
      res,
      (status) =>
        status === 401 ? limiter.failed(begun) : status < 300 ? limiter.succeeded(begun) : limiter.undecided(begun),
      warn(req)
    )
    next()
  }
}

/** Middleware for `/auth/:actor/emailpass/reset-password`: each request may send an e-mail. */
export async function limitResetRequests(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const account = accountKey(actorOf(req), (req.body as any)?.identifier)
  const wait = await loginLimiter().resetRequest(account, req.ip ?? "unknown")
  if (wait) return refuse(res, wait, resetLimitedMessage(wait))
  next()
}
