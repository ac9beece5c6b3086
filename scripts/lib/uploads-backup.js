// Uploaded files (shop pictures, licence scans) are not in the database, so each backup copies them
// beside it: a dated snapshot folder in every repository on a file system, where files that did not
// change since the previous snapshot are hard links (rsync --link-dest), so a daily snapshot costs
// only what was uploaded that day. For an object-storage repository, see uploads-s3.js.
const fs = require("node:fs")
const path = require("node:path")
const { spawnSync } = require("node:child_process")
const { stamp, stampToDate, commandExists } = require("./pgbackrest")

function snapshotRoot(repoPath) {
  return path.join(repoPath, "uploads")
}

/** Snapshot names (sorted oldest first) in a posix repository. */
function listSnapshots(repoPath) {
  const root = snapshotRoot(repoPath)
  if (!fs.existsSync(root)) return []
  return fs
    .readdirSync(root)
    .filter((n) => stampToDate(n))
    .sort()
}

/** The folder name each upload folder gets inside a snapshot (`static`, `private-uploads`). */
function labels(uploadDirs) {
  const seen = new Map()
  return uploadDirs.map((dir) => {
    const base = path.basename(dir)
    const n = (seen.get(base) || 0) + 1
    seen.set(base, n)
    return n === 1 ? base : `${base}-${n}`
  })
}

function copyTree(from, to, linkDest) {
  fs.mkdirSync(to, { recursive: true })
  if (commandExists("rsync")) {
    const args = ["-a", ...(linkDest && fs.existsSync(linkDest) ? [`--link-dest=${linkDest}`] : []), `${from}/`, `${to}/`]
    const r = spawnSync("rsync", args, { encoding: "utf8" })
    if (r.status !== 0) throw new Error(`rsync ${from} → ${to} failed: ${r.stderr.trim()}`)
  } else {
    const r = spawnSync("cp", ["-a", `${from}/.`, to], { encoding: "utf8" })
    if (r.status !== 0) throw new Error(`cp ${from} → ${to} failed: ${r.stderr.trim()}`)
  }
}

/** Copies the upload folders into `<repo>/uploads/<stamp>/`; returns the snapshot folder. */
function snapshotUploadsPosix(repoPath, uploadDirs, when = new Date()) {
  const previous = listSnapshots(repoPath).pop()
  const name = stamp(when)
  const target = path.join(snapshotRoot(repoPath), name)
  const partial = `${target}.partial`
  fs.rmSync(partial, { recursive: true, force: true })
  const names = labels(uploadDirs)
  let files = 0
  uploadDirs.forEach((dir, i) => {
    const dest = path.join(partial, names[i])
    if (!fs.existsSync(dir)) {
      // An empty folder still says "there were no uploads here then", unlike a missing one.
      fs.mkdirSync(dest, { recursive: true })
      return
    }
    copyTree(dir, dest, previous ? path.join(snapshotRoot(repoPath), previous, names[i]) : null)
    files += countFiles(dest)
  })
  fs.writeFileSync(path.join(partial, "SOURCES.json"), JSON.stringify({ taken_at: when.toISOString(), dirs: uploadDirs.map((d, i) => ({ label: names[i], path: d })) }, null, 2))
  // Renamed only when complete: a snapshot folder with a final name is never half written.
  fs.renameSync(partial, target)
  return { path: target, files }
}

function countFiles(dir) {
  let n = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1
  }
  return n
}

/** The newest snapshot taken at or before `at` (any time when `at` is null). */
function pickSnapshot(repoPath, at) {
  const names = listSnapshots(repoPath).filter((n) => !at || stampToDate(n) <= at)
  return names.pop() || null
}

/**
 * Copies a snapshot back into the upload folders. Files that exist now and are not in the snapshot
 * stay: a restore never deletes an upload.
 */
function restoreUploadsPosix(repoPath, uploadDirs, at) {
  const name = pickSnapshot(repoPath, at)
  if (!name) return null
  const names = labels(uploadDirs)
  let files = 0
  uploadDirs.forEach((dir, i) => {
    const src = path.join(snapshotRoot(repoPath), name, names[i])
    if (!fs.existsSync(src)) return
    copyTree(src, dir, null)
    files += countFiles(src)
  })
  return { snapshot: name, files }
}

/** Drops snapshots older than the oldest backup the repository still keeps (always keeps the newest). */
function pruneSnapshotsPosix(repoPath, oldestKept) {
  if (!oldestKept) return 0
  const names = listSnapshots(repoPath)
  let removed = 0
  for (const n of names.slice(0, -1)) {
    if (stampToDate(n) < oldestKept) {
      fs.rmSync(path.join(snapshotRoot(repoPath), n), { recursive: true, force: true })
      removed++
    }
  }
  return removed
}

module.exports = { snapshotUploadsPosix, restoreUploadsPosix, pruneSnapshotsPosix, listSnapshots, pickSnapshot, labels }
