// Preloaded (`node --require`) into the `medusa develop` process that scripts/dev.js starts, and only there.
//
// Medusa 2.21's `develop` restarts its server on any file event under the project, with an ignore list it
// fixes in code and offers no setting for (dot folders, node_modules, dist, static, private, src/admin,
// .medusa). Our own writable folders are not on it: a licence scan written to private-uploads/ restarted the
// backend for 15–20 s in the middle of the upload's own request. This adds those folders to the list of the
// one watcher `develop` creates. The forked server gets its own execArgv from `develop`, so it never loads
// this file. scripts/smoke-dev.js proves the effect (and fails should a Medusa upgrade bypass it).
const Module = require("node:module")
const path = require("node:path")

/** Folders whose contents the backend writes or never loads: uploads, local data, the storefront app. */
function ignoredFolders(root) {
  const folders = ["private-uploads", "uploads", "static", ".data", "storefront"].map((f) => path.join(root, f))
  // Wherever they were moved to (when that is inside the project).
  for (const name of ["PRIVATE_UPLOAD_DIR", "TONGCHENG_DATA_DIR"]) {
    if (process.env[name]) folders.push(path.resolve(root, process.env[name]))
  }
  return folders
}

function withOurIgnores(watch) {
  return function watchIgnoringOurFolders(paths, options = {}) {
    const folders = ignoredFolders(options.cwd || process.cwd())
    const inside = (p) => {
      const abs = path.resolve(options.cwd || process.cwd(), p)
      return folders.some((f) => abs === f || abs.startsWith(f + path.sep))
    }
    const ignored = [].concat(options.ignored ?? [], inside)
    return watch.call(this, paths, { ...options, ignored })
  }
}

const DEVELOP = /[\\/]@medusajs[\\/]medusa[\\/]dist[\\/]commands[\\/]develop\.js$/
const load = Module._load
let patched = false
Module._load = function (request, parent, isMain) {
  const exported = load.apply(this, arguments)
  if (!patched && request === "chokidar" && parent && DEVELOP.test(parent.filename || "")) {
    patched = true
    // develop.js calls it as the default export's `watch` (TypeScript's esModuleInterop); both are covered.
    if (exported.default && typeof exported.default.watch === "function") exported.default.watch = withOurIgnores(exported.default.watch)
    if (typeof exported.watch === "function") exported.watch = withOurIgnores(exported.watch)
    Module._load = load
  }
  return exported
}
