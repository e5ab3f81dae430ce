#!/usr/bin/env node
// The `nats` and `natsx` binaries (.cjs: CommonJS without a package.json lookup, ~1M instructions less than a .js
// file under the package's "type": "module"). Runs a bundle from dist/ through vm.Script with a V8 code cache
// made by a run of the same command (Node 20 has no compile cache for ES modules), so start-up skips parsing and
// compiling what that command runs. Exits as soon as the command returns its exit code, once stdout and stderr
// are flushed (a bare process.exit could cut piped output). docs/architecture.md, "The start-up wing".
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// Stack traces are shown only with NATS_DEBUG (src/main.ts), so do not collect them otherwise: formatting one
// makes V8 index the line ends of the whole 1 MB bundle (~2 ms), and the NATS client formats one on every close.
const debug = Boolean(process.env.NATS_DEBUG) && process.env.NATS_DEBUG !== "0";
if (!debug) Error.stackTraceLimit = 0;

const dist = path.join(__dirname, "..", "dist");
const args = process.argv.slice(2);
const isHelp = (a) => a === "--help" || a === "-h" || a === "help";
// `nats pub` and `nats req` run from dist/nats-lite.cjs, which holds only them (src/cli-lite.ts): a third of the
// source to read. Their names and aliases, as LITE_COMMANDS there says (test/unit/lite.test.ts).
// The lite bundle checks the invocation itself and declines (run returns undefined) when it is not for it.
const LITE_NAMES = ["pub", "publish", "req", "request"];
const liteFirst = !args.some(isHelp) && args.some((a) => LITE_NAMES.includes(a));

// Code caches: one per bundle and command, made by a run of that command (the build makes those of the commands
// scripts call in loops; any other is written after its first successful run where dist/ is writable), kept apart
// per Node version and architecture (a cache is only valid for the V8 that made it: two Node versions sharing one
// file would replace each other's on every run). `NATSX_CODE_CACHE=off` uses none, `refresh` rewrites them.
const cacheMode = process.env.NATSX_CODE_CACHE;
const cacheDir = path.join(dist, "cache", `${process.version}-${process.arch}`);
const key = commandKey(args);

/**
 * The command argv invokes, as a cache name: `stream.ls`, `publish`, `help` (any help), `nats` (no command).
 * Read with dist/route.txt, which the build writes from the command tree (src/cli.ts commandRoutes): its first line
 * holds the global flags whose value to skip, then one line per command word or alias, `stream ls` or
 * `stream/list ls` (word, then canonical name). Searched as text: parsing it into objects costs more than the search.
 * A word it does not know ends the search, so an odd command line only costs a less fitting cache.
 */
function commandKey(argv) {
  if (argv.length === 0 || argv.some(isHelp)) return "help";
  let route;
  try { route = fs.readFileSync(path.join(dist, "route.txt"), "latin1"); } catch { return "nats"; }
  const flagsEnd = route.indexOf("\n");
  let key = "";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    if (a.startsWith("-")) {
      if (!a.includes("=") && route.lastIndexOf(` ${a} `, flagsEnd) >= 0) i++;
      continue;
    }
    const line = `\n${key ? `${key}/` : ""}${a} `;
    const at = route.indexOf(line);
    if (at < 0) break;
    key = route.slice(at + line.length, route.indexOf("\n", at + 1));
  }
  return key.replace("/", ".") || "nats";
}

function loadCached(name) {
  const vm = require("node:vm");
  const bundle = path.join(dist, name);
  // the build makes the bundle pure ASCII (latin1 is then a plain copy, utf8 would have to decode it) and
  // stores it already wrapped in the CommonJS function header, so V8 compiles this very string
  const source = fs.readFileSync(bundle, "latin1");
  const cacheName = (k) => path.join(cacheDir, `${name.replace(/\.cjs$/, "")}.${k}.cache`);
  const cacheFile = cacheName(key);
  let cachedData;
  let own = false;
  // this command's cache, else the bundle's default one (the connect/flush/close path every command shares)
  if (cacheMode !== "refresh" && cacheMode !== "off") {
    try {
      cachedData = fs.readFileSync(cacheFile);
      own = true;
    } catch {
      try { cachedData = fs.readFileSync(cacheName("default")); } catch { /* none yet */ }
    }
  }
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const mod = { exports: {} };
  // this file's own require: the bundle only asks it for Node built-ins and the packages kept out of it, which
  // resolve the same from bin/ as from dist/ (and node:module's createRequire costs ~0.3 ms to load)
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, bundle, path.dirname(bundle));
  // written when this command had no cache of its own or V8 rejected it (another build, other V8 flags); only
  // after a run that succeeded, so a failed first run (a refused connection) does not leave a cache of its error path
  const stale = cacheMode === "refresh" || !own || script.cachedDataRejected;
  return { run: mod.exports.run, afterRun: (code) => { if (stale && code === 0 && cacheMode !== "off") saveCache(script, cacheFile); } };
}

// Written after the run, so the functions that run used are in it; atomic, and skipped where dist/ is read-only.
function saveCache(script, cacheFile) {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
  } catch { /* a cache is an optimisation only */ }
}

// process.stdout and process.stderr are getters that build their stream on first use: note which ones the
// command made, so that exiting does not build one only to find it empty (`nats pub` never touches stdout).
const madeStreams = new Set();
for (const name of ["stdout", "stderr"]) {
  const d = Object.getOwnPropertyDescriptor(process, name);
  if (d && d.get && d.configurable) {
    Object.defineProperty(process, name, { configurable: true, enumerable: d.enumerable, get() { madeStreams.add(name); return d.get.call(this); } });
  }
}

async function start() {
  let entry;
  let code;
  if (liteFirst && fs.existsSync(path.join(dist, "nats-lite.cjs"))) {
    entry = loadCached("nats-lite.cjs");
    code = await entry.run(args);
  }
  if (code === undefined) {
    if (!fs.existsSync(path.join(dist, "nats.cjs"))) {
      process.stderr.write(`nats: error: ${path.join(dist, "nats.cjs")} is missing — run \`npm run build\` in ${path.dirname(dist)}, or reinstall natsx\n`);
      process.exit(1);
    }
    entry = loadCached("nats.cjs");
    code = await entry.run(args);
  }
  process.exitCode = code;
  entry.afterRun(code);
  // run() returns once the command is finished: what it published was flushed to the server, child processes
  // and file writes were awaited. Leaving Node to wind down by itself then costs ~5 ms (tearing the heap down)
  // of a ~50 ms `nats pub`, so exit now, after stdout and stderr have handed over everything written to them
  // (they are asynchronous for pipes on some platforms, where a bare process.exit would cut piped output).
  await Promise.all([...madeStreams].map((name) => flushed(process[name])));
  process.exit(code);
}

function flushed(stream) {
  if (!stream.writableLength || stream.destroyed) return undefined;
  return new Promise((resolve) => { stream.write("", () => resolve()); stream.once("close", resolve); });
}

start();
