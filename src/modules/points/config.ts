export type PointsConfig = {
  /** Points earned per whole yuan actually paid (after coupons and points). */
  earn_per_yuan: number
  /** Points that make one yuan at checkout. */
  points_per_yuan_redeem: number
  /** Share of the order total (before points) that points may pay, 0..1. */
  max_redeem_ratio: number
}

function num(value: unknown, fallback: number) {
  if (value === undefined || value === null || value === "") return fallback
  const n = Number(value)
  return Number.isFinite(n) ? n : fallback
}

/** Module options win over the environment; the environment over the defaults of issue #8. */
export function pointsConfig(options: Partial<PointsConfig> = {}): PointsConfig {
  const config = {
    earn_per_yuan: num(options.earn_per_yuan ?? process.env.POINTS_EARN_PER_YUAN, 1),
    points_per_yuan_redeem: num(options.points_per_yuan_redeem ?? process.env.POINTS_PER_YUAN_REDEEM, 100),
    max_redeem_ratio: num(options.max_redeem_ratio ?? process.env.POINTS_MAX_REDEEM_RATIO, 0.5),
  }
  if (config.earn_per_yuan < 0) throw new Error("POINTS_EARN_PER_YUAN must be >= 0")
  if (!Number.isInteger(config.points_per_yuan_redeem) || config.points_per_yuan_redeem <= 0) {
    throw new Error("POINTS_PER_YUAN_REDEEM must be a positive integer")
  }
  if (config.max_redeem_ratio < 0 || config.max_redeem_ratio > 1) throw new Error("POINTS_MAX_REDEEM_RATIO must be within 0..1")
  return config
}

/** Yuan as Medusa stores them → whole fen, without float drift from values like 19.99. */
export function toFen(yuan: unknown): number {
  const n = Number(yuan ?? 0)
  return Math.round(n * 100)
}

export const fenToYuan = (fen: number) => fen / 100

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/** Smallest number of points worth a whole number of fen (1 with 100 points = ¥1). */
export function redeemStep(config: PointsConfig) {
  const r = config.points_per_yuan_redeem
  return r / gcd(r, 100)
}

/** Fen that `points` pay for, or null when they do not make a whole number of fen. */
export function pointsToFen(points: number, config: PointsConfig): number | null {
  const scaled = points * 100
  return scaled % config.points_per_yuan_redeem === 0 ? scaled / config.points_per_yuan_redeem : null
}

/** The most points an order of `totalFen` (before points) may use, ignoring the balance. */
export function maxRedeemablePoints(totalFen: number, config: PointsConfig) {
  // Ratio in basis points keeps the cap in integers (0.5 → 5000).
  const capFen = Math.floor((Math.max(0, totalFen) * Math.round(config.max_redeem_ratio * 10000)) / 10000)
  const step = redeemStep(config)
  const points = Math.floor((capFen * config.points_per_yuan_redeem) / 100)
  return points - (points % step)
}

/** Points earned for `paidFen` actually paid. */
export function earnedPoints(paidFen: number, config: PointsConfig) {
  return Math.floor((Math.max(0, paidFen) * Math.round(config.earn_per_yuan * 1000)) / 100_000)
}
