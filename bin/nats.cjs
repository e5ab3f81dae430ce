#!/usr/bin/env node
// The `nats` and `natsx` binaries (.cjs: CommonJS without a package.json lookup, ~1M instructions less than a .js
// file under the package's "type": "module"). Runs dist/nats.cjs through vm.Script with
// a V8 code cache kept next to it (Node 20 has no compile cache for ES modules), so start-up skips most
// parsing and compiling. Exits as soon as the command returns its exit code,
// once stdout and stderr are flushed (a bare process.exit could cut piped output).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// Stack traces are shown only with NATS_DEBUG (src/main.ts), so do not collect them otherwise: formatting one
// makes V8 index the line ends of the whole 700 KB bundle (~2 ms), and the NATS client formats one on every close.
const debug = Boolean(process.env.NATS_DEBUG) && process.env.NATS_DEBUG !== "0";
if (!debug) Error.stackTraceLimit = 0;

const dist = path.join(__dirname, "..", "dist");
const args = process.argv.slice(2);
const isHelp = (a) => a === "--help" || a === "-h" || a === "help";
// `nats`, `nats --help`: a cache of what help runs (~200 KB) deserialises ~1 ms faster than the one the build
// makes with a connecting run (`rtt`, ~370 KB), which every other command of the full bundle uses
const helpOnly = args.every(isHelp);
// `nats pub` and `nats req` run from dist/nats-lite.cjs, which holds only them (src/cli-lite.ts): half the source
// to read and a smaller cache. Their names and aliases, as LITE_COMMANDS there says (test/unit/lite.test.ts).
// The lite bundle checks the invocation itself and declines (run returns undefined) when it is not for it.
const LITE_NAMES = ["pub", "publish", "req", "request"];
const liteFirst = !args.some(isHelp) && args.some((a) => LITE_NAMES.includes(a));

function loadCached(bundle, cacheFile) {
  const vm = require("node:vm");
  // the build makes the bundle pure ASCII (latin1 is then a plain copy, utf8 would have to decode it) and
  // stores it already wrapped in the CommonJS function header, so V8 compiles this very string
  const source = fs.readFileSync(bundle, "latin1");
  let cachedData;
  if (process.env.NATSX_CODE_CACHE !== "refresh" && process.env.NATSX_CODE_CACHE !== "off") {
    try { cachedData = fs.readFileSync(cacheFile); } catch { /* first run after a build */ }
  }
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const mod = { exports: {} };
  // this file's own require: the bundle only asks it for Node built-ins and ws's optional add-ons, which
  // resolve the same from bin/ as from dist/ (and node:module's createRequire costs ~0.3 ms to load)
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, bundle, path.dirname(bundle));
  const stale = !cachedData || script.cachedDataRejected;
  return { run: mod.exports.run, afterRun: () => { if (stale && process.env.NATSX_CODE_CACHE !== "off") saveCache(script, cacheFile); } };
}

// Written after the run, so the functions that run used are in it; atomic, and skipped where dist/ is read-only.
function saveCache(script, cacheFile) {
  try {
    fs.accessSync(dist, fs.constants.W_OK);
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
  if (liteFirst) {
    const lite = path.join(dist, "nats-lite.cjs");
    if (fs.existsSync(lite)) {
      entry = loadCached(lite, `${lite}.cache`);
      code = await entry.run(args);
    }
  }
  if (code === undefined) {
    const bundle = path.join(dist, "nats.cjs");
    if (!fs.existsSync(bundle)) {
      process.stderr.write(`nats: error: ${bundle} is missing — run \`npm run build\` in ${path.dirname(dist)}, or reinstall natsx\n`);
      process.exit(1);
    }
    entry = loadCached(bundle, `${bundle}${helpOnly ? ".help" : ""}.cache`);
    code = await entry.run(args);
  }
  process.exitCode = code;
  entry.afterRun();
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
