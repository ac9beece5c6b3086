#!/usr/bin/env node
// `npm run restore -- --to "2026-12-03 19:30:00+08"` (point in time) or `-- --latest` (everything the
// archive holds): pgBackRest restore of the database cluster, then the uploaded files of the newest
// snapshot at or before that time. The database must be stopped; its current folder is moved aside
// (never deleted) unless --delta asks to restore in place. `--repo 2` restores from the off-site
// repository (when this machine's repo1 is gone). See docs/backups.md.
const fs = require("node:fs")
const bk = require("./lib/pgbackrest")
const uploads = require("./lib/uploads-backup")

function usage(msg) {
  return new bk.BackupSetupError(
    `${msg}\n  npm run restore -- --to "2026-12-03 19:30:00+08:00" | --latest  [--repo 1|2] [--delta] [--no-uploads]`
  )
}

function parseArgs(argv) {
  const opts = { to: null, latest: false, repo: null, delta: false, uploads: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw usage(`${a} 需要一个值 (${a} needs a value)`)
      return v
    }
    if (a === "--to") opts.to = value()
    else if (a.startsWith("--to=")) opts.to = a.slice(5)
    else if (a === "--latest") opts.latest = true
    else if (a === "--repo") opts.repo = value()
    else if (a.startsWith("--repo=")) opts.repo = a.slice(7)
    else if (a === "--delta") opts.delta = true
    else if (a === "--no-uploads") opts.uploads = false
    else throw usage(`不认识的参数 (unknown argument "${a}")`)
  }
  if (!opts.to === !opts.latest) throw usage("请给出 --to <时间> 或 --latest (give either --to <time> or --latest)")
  if (opts.repo !== null && !["1", "2"].includes(String(opts.repo))) throw usage(`--repo 只能是 1 或 2 (--repo must be 1 or 2)`)
  if (opts.to) {
    const d = new Date(opts.to)
    if (Number.isNaN(d.getTime())) {
      throw usage(`看不懂的时间 (cannot read the time "${opts.to}"): use e.g. 2026-12-03T19:30:00+08:00; without an offset it is this machine's local time`)
    }
    if (d > new Date()) throw usage(`时间在将来 (the time ${opts.to} is in the future)`)
    opts.toDate = d
  }
  return opts
}

/** The owner the restored files must have: whoever owned the configuration written at backup time. */
function clusterOwner(cfg) {
  if (!fs.existsSync(cfg.configPath)) {
    throw new bk.BackupSetupError(
      `没有备份配置 (no backup configuration at ${cfg.configPath}): set the same environment as for npm run backup`
    )
  }
  return bk.ownerOf(cfg.configPath)
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const cfg = bk.resolveConfig()
  if (!bk.pgbackrestBin()) throw new bk.BackupSetupError("没有安装 pgBackRest (pgbackrest is not installed): apt-get install pgbackrest")

  const live = bk.runningServer(cfg.pgPath)
  if (live) {
    throw new bk.BackupSetupError(
      `数据库正在运行 (PostgreSQL is running on ${cfg.pgPath}, pid ${live.pid}): stop it first ` +
        (cfg.embedded ? "(stop `npm run dev`)" : "(systemctl stop postgresql)") + ", then restore"
    )
  }
  const owner = clusterOwner(cfg)
  // Rewritten from the environment as at backup time, so restore_command finds both repositories.
  bk.writeConfig(cfg, owner, { createRepos: false })

  let movedTo = null
  if (!opts.delta && fs.existsSync(cfg.pgPath) && fs.readdirSync(cfg.pgPath).length) {
    movedTo = `${cfg.pgPath}.before-restore-${bk.stamp()}`
    fs.renameSync(cfg.pgPath, movedTo)
  }
  bk.ensureOwnedDir(cfg.pgPath, owner)
  fs.chmodSync(cfg.pgPath, 0o700)

  const args = []
  if (opts.repo) args.push(`--repo=${opts.repo}`)
  if (opts.delta) args.push("--delta")
  if (opts.to) {
    // PostgreSQL reads the target as timestamptz; an explicit UTC instant leaves no doubt about the zone.
    const target = opts.toDate.toISOString().replace("T", " ").replace("Z", "+00")
    args.push("--type=time", `--target=${target}`, "--target-action=promote")
  } else {
    // "default": replay every archived WAL segment, then open for writes.
    args.push("--type=default")
  }
  const t0 = Date.now()
  await bk.runPgbackrest(cfg, owner, [...args, "restore"])
  const dbSeconds = (Date.now() - t0) / 1000

  let uploadNote = "uploads not restored (--no-uploads)"
  if (opts.uploads) {
    const repoPath = opts.repo === "2" ? (cfg.repo2.type === "posix" ? cfg.repo2.path : null) : fs.existsSync(cfg.repo1.path) ? cfg.repo1.path : cfg.repo2.type === "posix" ? cfg.repo2.path : null
    let r = null
    if (repoPath) r = uploads.restoreUploadsPosix(repoPath, cfg.uploadDirs, opts.toDate || null)
    else if (cfg.repo2.type === "s3") r = await require("./lib/uploads-s3").restoreUploadsS3(cfg, opts.toDate || null)
    uploadNote = r ? `uploads from snapshot ${r.snapshot} (${r.files} files)` : "no uploads snapshot found"
  }
  console.log(
    `[restore] ${cfg.stanza} restored into ${cfg.pgPath} in ${dbSeconds.toFixed(1)} s` +
      (movedTo ? `; the previous folder was moved to ${movedTo}` : "") +
      `; ${uploadNote}.\n[restore] Start PostgreSQL now (${cfg.embedded ? "npm run dev" : "systemctl start postgresql"}): ` +
      `it replays the archived WAL ${opts.to ? `up to ${opts.to}` : "to the last archived segment"} and then opens for writes.`
  )
}

main().catch((e) => {
  console.error(`✖ ${e instanceof bk.BackupSetupError ? e.message : e.stack || e.message}`)
  process.exit(1)
})
