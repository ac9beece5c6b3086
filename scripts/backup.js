#!/usr/bin/env node
// `npm run backup [-- full|incr]`: a pgBackRest backup of the database to both repositories (repo1 on
// this machine, repo2 off site), then a copy of the uploaded files beside each. Without an argument
// the type is full when a repository has no full backup from the last 7 days, incremental otherwise.
// Without PGBACKREST_PG1_PATH it backs up the development cluster of `npm run dev` (.data/pg),
// starting it for the run when it is not running. See docs/backups.md.
const path = require("node:path")
const fs = require("node:fs")
const { Client } = require("pg")
const bk = require("./lib/pgbackrest")
const uploads = require("./lib/uploads-backup")

const WEEK_MS = 7 * 24 * 3600 * 1000
const EMBEDDED_PASSWORD = "postgres" // scripts/lib/embedded-pg-server.mjs

function parseArgs(argv) {
  const opts = { type: null, printConfig: false }
  for (const a of argv) {
    if (a === "full" || a === "incr" || a === "diff") opts.type = a
    else if (a === "--print-config") opts.printConfig = true
    else throw new bk.BackupSetupError(`不认识的参数 (unknown argument "${a}"): npm run backup [-- full|incr|diff]`)
  }
  return opts
}

/** full when this repository has no full backup from the last 7 days (or none at all). */
function decideType(stanzaInfo, repoKey) {
  const fulls = (stanzaInfo?.backup || []).filter((b) => b.type === "full" && b.database?.["repo-key"] === repoKey)
  const last = fulls.map((b) => b.timestamp.stop * 1000).sort().pop()
  return last && Date.now() - last < WEEK_MS ? "incr" : "full"
}

async function serverSetting(url, name) {
  const c = new Client({ connectionString: url })
  await c.connect()
  try {
    const { rows } = await c.query(`select current_setting($1) as v`, [name])
    return rows[0].v
  } finally {
    await c.end()
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const cfg = bk.resolveConfig()
  if (opts.printConfig) {
    // Shown to check the settings, so the secrets are not.
    process.stdout.write(bk.renderConfig(cfg).replace(/^(repo2-(?:cipher-pass|s3-key|s3-key-secret))=.+$/gm, "$1=***"))
    return
  }
  if (!bk.pgbackrestBin()) throw new bk.BackupSetupError("没有安装 pgBackRest (pgbackrest is not installed): apt-get install pgbackrest")

  let embedded = null
  const pgEnv = {}
  if (cfg.embedded) {
    const version = bk.pgVersionOf(cfg.pgPath)
    if (!version) throw new bk.BackupSetupError(`没有开发数据库 (no development cluster in ${cfg.pgPath}): run npm run dev once first`)
    const { startEmbeddedPostgres } = require("./lib/embedded-pg")
    embedded = await startEmbeddedPostgres({ dataDir: cfg.pgPath, stateDir: path.dirname(cfg.pgPath) })
    cfg.pgPort = embedded.port
    pgEnv.PGPASSWORD = EMBEDDED_PASSWORD
    const mode = await serverSetting(embedded.urlFor("postgres"), "archive_mode")
    if (mode !== "on") {
      await embedded.stop()
      throw new bk.BackupSetupError(
        "开发数据库没有开启 WAL 归档 (the running development PostgreSQL was started without archive_mode): " +
          "stop `npm run dev` and start it again, then run npm run backup"
      )
    }
  }

  try {
    const owner = bk.ownerOf(cfg.pgPath)
    bk.writeConfig(cfg, owner)
    const run = (args, o = {}) => bk.runPgbackrest(cfg, owner, args, { env: pgEnv, ...o })
    // Safe to repeat: it only creates what is missing and checks the rest matches this cluster.
    await run(["stanza-create"], { capture: true })
    // Proves WAL reaches both repositories before we rely on it.
    await run(["check"], { capture: true })

    const started = Date.now()
    const before = await bk.info(cfg, owner)
    const done = []
    for (const repo of [1, 2]) {
      const type = opts.type || decideType(before, repo)
      const t0 = Date.now()
      await run([`--repo=${repo}`, `--type=${type}`, "backup"])
      done.push(`repo${repo} ${type} ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    }

    const after = await bk.info(cfg, owner)
    const when = new Date()
    const copied = []
    const repos = [{ key: 1, path: cfg.repo1.path }]
    if (cfg.repo2.type === "posix") repos.push({ key: 2, path: cfg.repo2.path })
    for (const repo of repos) {
      const snap = uploads.snapshotUploadsPosix(repo.path, cfg.uploadDirs, when)
      const kept = (after?.backup || []).filter((b) => b.database?.["repo-key"] === repo.key)
      const oldest = kept.length ? new Date(Math.min(...kept.map((b) => b.timestamp.start * 1000))) : null
      uploads.pruneSnapshotsPosix(repo.path, oldest)
      copied.push(`repo${repo.key} ${snap.files} files`)
    }
    if (cfg.repo2.type === "s3") {
      const { snapshotUploadsS3 } = require("./lib/uploads-s3")
      const n = await snapshotUploadsS3(cfg, when)
      copied.push(`repo2 (s3) ${n.uploaded} new of ${n.files} files`)
    }
    console.log(
      `[backup] ${cfg.stanza}: ${done.join(", ")}; uploads ${copied.join(", ")}; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s. Check with: pgbackrest --config=${cfg.configPath} --stanza=${cfg.stanza} info`
    )
  } finally {
    // For a server `npm run dev` runs (reused), this only ends our helper process: the server stays up.
    if (embedded) await embedded.stop()
  }
}

main().catch((e) => {
  console.error(`✖ ${e instanceof bk.BackupSetupError ? e.message : e.stack || e.message}`)
  process.exit(1)
})
