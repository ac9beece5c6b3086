// Shared by `npm run backup`, `npm run restore`, the embedded PostgreSQL and the restore test:
// one place that turns the environment into a pgBackRest configuration and runs pgBackRest as the
// user who owns the database cluster.
//
// The rendered configuration file is the single source of truth at run time: PostgreSQL's
// archive_command and restore_command run pgBackRest without our environment, so everything they
// need (repositories, keys) must be in that file.
const fs = require("node:fs")
const path = require("node:path")
const { spawn, spawnSync, execFileSync } = require("node:child_process")
const { userInfo } = require("node:os")

const ROOT = path.resolve(__dirname, "..", "..")
const DEFAULT_DATA_DIR = process.env.TONGCHENG_DATA_DIR ? path.resolve(process.env.TONGCHENG_DATA_DIR) : path.join(ROOT, ".data")

// WAL is switched and shipped at least this often, so at most this much committed work is only in
// the server's own pg_wal when the machine is lost. 30 s leaves room under the promised RPO of 60 s
// for pgBackRest to push the segment to both repositories.
const ARCHIVE_TIMEOUT_SECONDS = 30

class BackupSetupError extends Error {}

function pgbackrestBin() {
  const found = spawnSync("/bin/sh", ["-c", "command -v pgbackrest"], { encoding: "utf8" })
  return found.status === 0 ? found.stdout.trim() : null
}

/** Paths used when nothing is configured: the development cluster of `npm run dev` in .data/. */
function devDefaults(dataDir = DEFAULT_DATA_DIR) {
  const backupDir = path.join(dataDir, "backup")
  return {
    configPath: path.join(backupDir, "pgbackrest.conf"),
    pgPath: path.join(dataDir, "pg"),
    repo1Path: path.join(backupDir, "repo1"),
    // In development the "off-site" repository is a second folder: the same code path as production's
    // object storage, without needing a bucket to try it.
    repo2Path: path.join(backupDir, "repo2-offsite"),
    logPath: path.join(backupDir, "log"),
  }
}

function posixRepo2Path(env, embedded, dev) {
  const p = env.PGBACKREST_REPO2_PATH || (embedded ? dev.repo2Path : "")
  return p ? path.resolve(p) : ""
}

/**
 * Reads the backup settings from the environment. Names follow pgBackRest's own options
 * (PGBACKREST_REPO2_S3_BUCKET is repo2-s3-bucket), so its documentation applies as is.
 * `embedded` is true when nothing names a cluster: the development cluster in .data/pg is meant.
 */
function resolveConfig(env = process.env) {
  const dev = devDefaults()
  const embedded = !env.PGBACKREST_PG1_PATH
  const repo2Type = env.PGBACKREST_REPO2_TYPE || "posix"
  if (!["posix", "s3"].includes(repo2Type)) {
    throw new BackupSetupError(`PGBACKREST_REPO2_TYPE 只能是 posix 或 s3 (must be posix or s3, got "${repo2Type}")`)
  }
  const cfg = {
    embedded,
    stanza: env.PGBACKREST_STANZA || "tongcheng",
    configPath: path.resolve(env.PGBACKREST_CONFIG || (embedded ? dev.configPath : "/etc/pgbackrest/tongcheng.conf")),
    pgPath: path.resolve(env.PGBACKREST_PG1_PATH || dev.pgPath),
    pgPort: Number(env.PGBACKREST_PG1_PORT || 5432),
    // The embedded server keeps its socket in /tmp (its build default); Debian's in /var/run/postgresql.
    pgSocketPath: env.PGBACKREST_PG1_SOCKET_PATH || (embedded ? "/tmp" : "/var/run/postgresql"),
    pgUser: env.PGBACKREST_PG1_USER || "postgres",
    logPath: path.resolve(env.PGBACKREST_LOG_PATH || (embedded ? dev.logPath : "/var/log/pgbackrest")),
    // pgBackRest's default (/tmp/pgbackrest) is shared by every cluster on the machine with the same stanza.
    lockPath: env.PGBACKREST_LOCK_PATH ? path.resolve(env.PGBACKREST_LOCK_PATH) : null,
    repo1: {
      path: path.resolve(env.PGBACKREST_REPO1_PATH || (embedded ? dev.repo1Path : "/var/lib/pgbackrest")),
      retentionFull: Number(env.PGBACKREST_REPO1_RETENTION_FULL || 2),
    },
    repo2: {
      type: repo2Type,
      path: repo2Type === "s3" ? env.PGBACKREST_REPO2_PATH || "/tongcheng" : posixRepo2Path(env, embedded, dev),
      retentionFull: Number(env.PGBACKREST_REPO2_RETENTION_FULL || 4),
      cipherPass: env.PGBACKREST_REPO2_CIPHER_PASS || "",
      s3: {
        bucket: env.PGBACKREST_REPO2_S3_BUCKET || "",
        endpoint: env.PGBACKREST_REPO2_S3_ENDPOINT || "",
        region: env.PGBACKREST_REPO2_S3_REGION || "",
        key: env.PGBACKREST_REPO2_S3_KEY || "",
        keySecret: env.PGBACKREST_REPO2_S3_KEY_SECRET || "",
        uriStyle: env.PGBACKREST_REPO2_S3_URI_STYLE || "host",
      },
    },
    // Folders the File module writes to (medusa-config.ts): public pictures and private licence scans.
    // TONGCHENG_UPLOAD_DIRS (":"-separated) names them where the app does not run from this checkout.
    uploadDirs: (env.TONGCHENG_UPLOAD_DIRS
      ? env.TONGCHENG_UPLOAD_DIRS.split(path.delimiter)
      : [path.join(ROOT, "static"), env.PRIVATE_UPLOAD_DIR || path.join(ROOT, "private-uploads")]
    )
      .filter(Boolean)
      .map((d) => path.resolve(d)),
  }
  if (repo2Type === "posix" && !cfg.repo2.path) {
    throw new BackupSetupError(
      "没有配置异地备份库 (no off-site repository): set PGBACKREST_REPO2_TYPE=s3 with PGBACKREST_REPO2_S3_* " +
        "(Aliyun OSS / Tencent COS), or PGBACKREST_REPO2_PATH to a mounted off-site path"
    )
  }
  if (repo2Type === "s3") {
    const missing = ["bucket", "endpoint", "region", "key", "keySecret"].filter((k) => !cfg.repo2.s3[k])
    if (missing.length) {
      const names = missing.map((k) => "PGBACKREST_REPO2_S3_" + k.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase())
      throw new BackupSetupError(`异地备份库缺少设置 (repo2 is s3 but these are not set): ${names.join(", ")}`)
    }
  }
  return cfg
}

/** The pgbackrest.conf for `cfg` (secrets included: written 0600 for the cluster owner only). */
function renderConfig(cfg) {
  const lines = [
    "# Written by scripts/lib/pgbackrest.js from the environment; edit the environment, not this file.",
    "[global]",
    `log-path=${cfg.logPath}`,
    ...(cfg.lockPath ? [`lock-path=${cfg.lockPath}`] : []),
    "log-level-console=warn",
    "log-level-file=info",
    "compress-type=zst",
    "start-fast=y",
    // One process per repository push is enough at this size and keeps the shared machine calm.
    "process-max=1",
    `repo1-path=${cfg.repo1.path}`,
    `repo1-retention-full=${cfg.repo1.retentionFull}`,
    `repo2-type=${cfg.repo2.type}`,
    `repo2-path=${cfg.repo2.path}`,
    `repo2-retention-full=${cfg.repo2.retentionFull}`,
  ]
  if (cfg.repo2.cipherPass) lines.push("repo2-cipher-type=aes-256-cbc", `repo2-cipher-pass=${cfg.repo2.cipherPass}`)
  if (cfg.repo2.type === "s3") {
    const s3 = cfg.repo2.s3
    lines.push(
      `repo2-s3-bucket=${s3.bucket}`,
      `repo2-s3-endpoint=${s3.endpoint}`,
      `repo2-s3-region=${s3.region}`,
      `repo2-s3-key=${s3.key}`,
      `repo2-s3-key-secret=${s3.keySecret}`,
      `repo2-s3-uri-style=${s3.uriStyle}`
    )
  }
  lines.push(
    "",
    `[${cfg.stanza}]`,
    `pg1-path=${cfg.pgPath}`,
    `pg1-port=${cfg.pgPort}`,
    `pg1-socket-path=${cfg.pgSocketPath}`,
    `pg1-user=${cfg.pgUser}`,
    ""
  )
  return lines.join("\n")
}

/** PostgreSQL settings that ship WAL to both repositories (deploy/pgbackrest/archiving.conf says the same). */
function archiveSettings(cfg, { onlyWhenConfigured = false } = {}) {
  const conf = shellQuote(cfg.configPath)
  const push = `pgbackrest --config=${conf} --stanza=${shellQuote(cfg.stanza)} archive-push %p`
  return {
    archive_mode: "on",
    // The development cluster archives only once `npm run backup` has written its configuration;
    // until then a segment counts as handled, so pg_wal does not grow for developers who never back up.
    archive_command: onlyWhenConfigured ? `test ! -f ${conf} || ${push}` : push,
    archive_timeout: `${ARCHIVE_TIMEOUT_SECONDS}s`,
  }
}

function shellQuote(s) {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${String(s).replace(/'/g, "'\\''")}'`
}

/** uid/gid of whoever owns `dir` (the cluster owner), or null when we already are that user. */
function ownerOf(dir) {
  const st = fs.statSync(dir)
  const me = userInfo()
  if (st.uid === me.uid) return null
  if (me.uid !== 0) {
    const name = spawnSync("id", ["-nu", String(st.uid)], { encoding: "utf8" }).stdout.trim() || st.uid
    throw new BackupSetupError(
      `数据库目录属于用户 ${name} (the cluster in ${dir} belongs to ${name}): run this as that user, ` +
        `e.g. sudo -u ${name} npm run backup`
    )
  }
  return { uid: st.uid, gid: st.gid }
}

/** Creates `dir` (and parents we create) owned by `owner`, for pgBackRest to write into. */
function ensureOwnedDir(dir, owner) {
  const missing = []
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d)
  fs.mkdirSync(dir, { recursive: true, mode: 0o750 })
  if (owner) for (const d of [...missing, dir]) fs.chownSync(d, owner.uid, owner.gid)
}

/** Writes the configuration and the folders it names, all usable by the cluster owner. */
function writeConfig(cfg, owner, { createRepos = true } = {}) {
  ensureOwnedDir(path.dirname(cfg.configPath), owner)
  ensureOwnedDir(cfg.logPath, owner)
  if (cfg.lockPath) ensureOwnedDir(cfg.lockPath, owner)
  // A restore must not make a lost repository look present (and empty) again.
  if (createRepos) {
    ensureOwnedDir(cfg.repo1.path, owner)
    if (cfg.repo2.type === "posix") ensureOwnedDir(cfg.repo2.path, owner)
  }
  const text = renderConfig(cfg)
  const tmp = `${cfg.configPath}.tmp`
  fs.writeFileSync(tmp, text, { mode: 0o600 })
  if (owner) fs.chownSync(tmp, owner.uid, owner.gid)
  fs.renameSync(tmp, cfg.configPath)
}

/**
 * Runs pgBackRest as the cluster owner with the rendered configuration. Our PGBACKREST_* variables
 * are left out of its environment: pgBackRest would read them as options and warn about ours.
 */
function runPgbackrest(cfg, owner, args, { capture = false, env = {} } = {}) {
  const bin = pgbackrestBin()
  if (!bin) throw new BackupSetupError("没有安装 pgBackRest (pgbackrest is not installed): apt-get install pgbackrest")
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PGBACKREST_")))
  Object.assign(childEnv, env)
  const fullArgs = [`--config=${cfg.configPath}`, `--stanza=${cfg.stanza}`, ...args]
  return new Promise((resolve, reject) => {
    const child = spawn(bin, fullArgs, {
      env: childEnv,
      cwd: "/",
      ...(owner || {}),
      stdio: ["ignore", capture ? "pipe" : "inherit", "pipe"],
    })
    let out = ""
    let err = ""
    if (capture) child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => {
      err += d
      if (!capture) process.stderr.write(d)
    })
    child.on("error", reject)
    child.on("exit", (code) => {
      if (code === 0) return resolve(out)
      reject(new Error(`pgbackrest ${args.join(" ")} failed (exit ${code})${capture ? `\n${err.trim()}` : ""}`))
    })
  })
}

/** `pgbackrest info` as an object, or null for a stanza that does not exist yet. */
async function info(cfg, owner, extra = []) {
  const out = await runPgbackrest(cfg, owner, ["--output=json", ...extra, "info"], { capture: true })
  const [stanza] = JSON.parse(out)
  return stanza || null
}

/** Live PostgreSQL whose data folder is `pgPath`, from its postmaster.pid. */
function runningServer(pgPath) {
  const pidFile = path.join(pgPath, "postmaster.pid")
  if (!fs.existsSync(pidFile)) return null
  const [pid, , , port] = fs.readFileSync(pidFile, "utf8").split("\n")
  try {
    process.kill(Number(pid), 0)
    return { pid: Number(pid), port: Number(port) }
  } catch (e) {
    return e.code === "EPERM" ? { pid: Number(pid), port: Number(port) } : null
  }
}

function pgVersionOf(pgPath) {
  const f = path.join(pgPath, "PG_VERSION")
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8").trim() : null
}

/** Dated name for a snapshot folder: sortable, and the same instant pgBackRest shows in UTC. */
function stamp(date = new Date()) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")
}

function stampToDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s)
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : null
}

function commandExists(name) {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

module.exports = {
  ARCHIVE_TIMEOUT_SECONDS,
  BackupSetupError,
  pgbackrestBin,
  resolveConfig,
  renderConfig,
  archiveSettings,
  ownerOf,
  ensureOwnedDir,
  writeConfig,
  runPgbackrest,
  info,
  runningServer,
  pgVersionOf,
  stamp,
  stampToDate,
  commandExists,
  devDefaults,
}
