// Bundles src/ with esbuild into dist/nats.cjs (every command) and dist/nats-lite.cjs (`pub` and `req`): CommonJS
// files (stored pre-wrapped, see below) that bin/nats.cjs compiles with a V8 code cache (dist/*.cjs.cache), which
// Node 20 cannot do for ES modules (no module.enableCompileCache before Node 22). Command modules stay lazily
// *evaluated* in them (esbuild wraps dynamically imported modules), and the code cache removes most of the
// parse/compile cost, which dominated `nats pub` start-up (issue #2, bench:startup).
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { clientReexports } from "./client-reexports.mjs";
import { writeCompletions } from "./completions.mjs";

// The source a lazy plugin below puts in place of the module `spec`: a proxy that requires the real module
// on first use. `get` is the proxy's get trap (each plugin answers a few keys without loading the module).
const lazyModule = (spec, get) => `let m; const load = () => (m ??= require(${JSON.stringify(spec)}));
module.exports = new Proxy({}, {
  get: ${get},
  has: (_, k) => k in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(load(), k); if (d) d.configurable = true; return d; },
});`;

// node:tls and node:dns are required at load time by @nats-io/transport-node (child_process by commander)
// but only used once a connection is dialled (tls only for TLS; child_process for editors, op, nsc):
// hand them a proxy that loads the real module on first use.
const LAZY_BUILTINS = /^node:(tls|dns|child_process)$/;
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: LAZY_BUILTINS }, (args) => ({ path: args.path.slice(5), namespace: "lazy-builtin" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      loader: "js",
      // `socket instanceof tls.TLSSocket` must not load tls: no TLS socket exists until tls was loaded
      contents: lazyModule(args.path, `(_, k) => (k === "__esModule" ? undefined : k === "TLSSocket" && !m ? { [Symbol.hasInstance]: () => false } : load()[k])`),
    }));
  },
};

// Packages required at load time but used only by some commands get a proxy that loads them on first use:
// - tweetnacl: required by @nats-io/nkeys, builds its tables and loads node:crypto (~2 ms of `nats pub`), used
//   only for nkey/creds/JWT auth; nkeys reads it as `nacl.default.<fn>` at call time.
// - @nats-io/nkeys: required by the NATS client for the same authenticators (and by our nkey seed check);
//   evaluating it costs `nats pub` ~0.2 ms and puts its code in the start-up code cache. The client reads
//   it through `__importStar`, which returns an object marked `__esModule` as it is, so the proxy says so.
// The value each proxy gives for `__esModule` is the real module's.
const LAZY_PACKAGES = { tweetnacl: undefined, "@nats-io/nkeys": true };
const lazyPackages = {
  name: "lazy-packages",
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(LAZY_PACKAGES).map((n) => n.replace(/[/.]/g, "\\$&")).join("|")})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === "lazy-package" ? undefined : { path: args.path, namespace: "lazy-package", pluginData: { resolveDir: args.resolveDir } });
    b.onLoad({ filter: /.*/, namespace: "lazy-package" }, (args) => ({
      loader: "js",
      resolveDir: args.pluginData.resolveDir,
      contents: lazyModule(args.path, `(_, k) => (k === "__esModule" ? ${JSON.stringify(LAZY_PACKAGES[args.path])} : load()[k])`),
    }));
  },
};

// Terminal-only libraries, each re-exported by a module of src/output and built into a file of its own in dist/
// (below), which the bundles require from beside themselves when first used: src/output/inquirer.ts (the prompts,
// ~33 KB, asked only on a terminal) and src/output/ora.ts (the spinner, ~60 KB, drawn only on a terminal after a
// wait passed its delay). Every start-up would otherwise read them, and the lite bundle (`pub`/`req`) would carry ora.
const SPLIT = { inquirer: "src/output/inquirer.ts", ora: "src/output/ora.ts" };
const splitChunks = {
  name: "split-chunks",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^\\./(${Object.keys(SPLIT).join("|")})\\.js$`) }, (args) =>
      (args.importer.includes(path.join("src", "output") + path.sep) ? { path: args.path.slice(2, -3), namespace: "split-chunk" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "split-chunk" }, (args) => ({ loader: "js", contents: `module.exports = require(require("node:path").join(__dirname, ${JSON.stringify(`${args.path}.cjs`)}));` }));
  },
};

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
const common = {
  plugins: [lazyBuiltins, lazyPackages, clientReexports, splitChunks],
  bundle: true,
  platform: "node",
  target: "node20",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
};
// Packages required from node_modules when first used, never carried by a bundle (see below).
const EXTERNAL = ["yaml", "bcryptjs", "fflate", "jexl", "ajv", "cli-progress", "asciichart", "hdr-histogram-js", "jq-wasm", "echarts"];
// dist/nats.cjs holds every command; dist/nats-lite.cjs only `pub` and `req` (src/cli-lite.ts), which
// bin/nats.cjs runs for those: half the source to read and a smaller code cache to deserialise.
for (const [entry, outfile] of [["src/cli.ts", "dist/nats.cjs"], ["src/cli-lite.ts", "dist/nats-lite.cjs"]]) {
  await build({
    ...common,
    entryPoints: [entry],
    outfile,
    format: "cjs",
    // no import() left in the bundle: a vm.Script has no module loader for it
    supported: { "dynamic-import": false },
    // import.meta.url means "this bundle's file"; a getter, so start-up does not pay for pathToFileURL
    // (~0.3 ms) when nothing reads it
    define: { "import.meta.url": "__natsxMeta.url" },
    // yaml (~100 KB) is used only by `auth account mappings add --config FILE.yaml`: kept out of the bundle every
    // command reads and required from node_modules (bin/nats.cjs hands the bundle its own require) when used;
    // so are bcryptjs (only `server passwd`), fflate (only `--archive`), jexl (only `find --expression`), ajv
    // (only `schema validate|request`), the charting and HDR histogram libraries (only the live graphs,
    // `latency` and bench), jq-wasm (--jq, --where, --expect-jq: its 130 KB of glue and 0.9 MB of wasm are read only
    // when a filter is given) and echarts (`bench --plot`'s SVG charts, ~1 MB); cli-progress is drawn only on a
    // terminal, and `pub`/`req` (the lite bundle) would otherwise carry it
    external: EXTERNAL,
    banner: { js: "\"use strict\";var __natsxMeta={get url(){return require(\"node:url\").pathToFileURL(__filename).href}};" },
  });
  // esbuild leaves non-ASCII characters in regular expression literals (µs in durations): one such character
  // makes the whole source a two-byte string that takes ~2 ms longer to decode. \uXXXX escapes mean the same
  // in regular expressions, strings and identifiers, so the bundle becomes pure ASCII, which bin/nats.cjs reads
  // as latin1 (a plain copy).
  // The file is also stored already wrapped in the CommonJS function header (what require() adds), so
  // bin/nats.cjs compiles the string it read: wrapping at run time concatenates, and V8 then flattens a second
  // 690 KB copy before compiling (measured ~1.3 ms, and one scavenge fewer during start-up).
  const cjsFile = new URL(`../${outfile}`, import.meta.url);
  const cjs = readFileSync(cjsFile, "utf8");
  const ascii = cjs.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  writeFileSync(cjsFile, Module.wrap(ascii));
}

// dist/bench-worker.cjs: the entry of `bench --clients N`'s worker threads (src/commands/bench/worker.ts), loaded by
// node:worker_threads as a plain CommonJS file: only the bench clients and the NATS client, not the commands.
await build({
  ...common,
  entryPoints: ["src/commands/bench/worker.ts"],
  outfile: "dist/bench-worker.cjs",
  format: "cjs",
  define: { "import.meta.url": "__natsxMeta.url" },
  external: EXTERNAL,
  banner: { js: "\"use strict\";var __natsxMeta={get url(){return require(\"node:url\").pathToFileURL(__filename).href}};" },
});

// dist/inquirer.cjs, dist/ora.cjs (see splitChunks): plain CommonJS files the bundles require when first used.
for (const [name, entry] of Object.entries(SPLIT)) {
  await build({ ...common, entryPoints: [entry], outfile: `dist/${name}.cjs`, format: "cjs" });
}

// dist/route.txt: every command word and alias with its canonical name, for bin/nats.cjs to name the command
// argv invokes (and pick its code cache) before it loads a bundle. Made from the whole command tree by the bundle
// itself (src/cli.ts commandRoutes), so a new command or alias needs no upkeep here.
const bundleFile = fileURLToPath(new URL("../dist/nats.cjs", import.meta.url));
{
  const mod = { exports: {} };
  new vm.Script(readFileSync(bundleFile, "latin1"), { filename: bundleFile }).runInThisContext()
    .call(mod.exports, mod.exports, createRequire(bundleFile), mod, bundleFile, path.dirname(bundleFile));
  writeFileSync(new URL("../dist/route.txt", import.meta.url), await mod.exports.commandRoutes());
}

// Warm the code caches (dist/cache/<node version>-<arch>/<bundle>.<command>.cache, bin/nats.cjs): one run of each
// command that scripts call in loops, so their first run is as fast as the next, and in a read-only install too.
// With nats-server on PATH (or NATS_SERVER_BIN) the runs talk to a real one (JetStream on, a stream, a KV key, a
// responder, a publisher for `sub`); without it a few lines of protocol stand in, enough for `pub` and `rtt`.
// `rtt` makes each bundle's default cache (the connect/flush/close path every command shares: a cache made by a
// run that connects measured ~5 ms better for `pub` than one made by `--help`, and no worse for help), which a
// command without a cache of its own starts from until its first successful run writes one.
try {
  await warmCodeCache();
} catch (e) {
  // only an optimisation: bin/nats.cjs writes each cache on the command's first run instead
  console.warn(`build: code cache not warmed (${e.message})`);
}

// completions/natsx.*: the checked-in nats scripts with the other program name, generated from the same tree
// (scripts/completions.mjs); a build that cannot run its own bin fails here rather than ship without them.
writeCompletions("natsx", { quiet: true });

/** A nats-server of our own (JetStream in a temp dir) when one is installed, else undefined. */
async function startRealServer(dir) {
  const proc = spawn(process.env.NATS_SERVER_BIN || "nats-server", ["-a", "127.0.0.1", "-p", "-1", "--ports_file_dir", dir, "-js", "-sd", path.join(dir, "js")], { stdio: "ignore" });
  const failed = new Promise((resolve) => proc.on("error", () => resolve(true)).on("exit", () => resolve(true)));
  const portsFile = path.join(dir, `nats-server_${proc.pid}.ports`);
  for (let i = 0; i < 250; i++) {
    if (existsSync(portsFile)) {
      try {
        return { url: JSON.parse(readFileSync(portsFile, "utf8")).nats[0], stop: () => proc.kill("SIGKILL") };
      } catch { /* half written */ }
    }
    if (await Promise.race([failed, new Promise((r) => setTimeout(() => r(false), 20))])) return undefined;
  }
  proc.kill("SIGKILL");
  return undefined;
}

/** A few lines of protocol that stand in for a server: INFO, then PONG for every PING. */
async function startFakeServer() {
  const warm = createServer((sock) => {
    sock.on("error", () => {});
    sock.write('INFO {"server_id":"natsx-build","server_name":"natsx-build","version":"2.9.0","proto":1,"headers":true,"max_payload":1048576}\r\n');
    sock.on("data", (d) => { for (const _ of String(d).matchAll(/PING\r\n/g)) sock.write("PONG\r\n"); });
  });
  await new Promise((r) => warm.listen(0, "127.0.0.1", r));
  return { url: `nats://127.0.0.1:${warm.address().port}`, stop: () => warm.close() };
}

/** One connection on a real server that answers requests on `warm.req` and publishes to `warm.tick` every 2 ms. */
function startHelper(url) {
  const { port } = new URL(url);
  const sock = connect(Number(port), "127.0.0.1");
  sock.on("error", () => {});
  let buf = "";
  sock.write("CONNECT {\"verbose\":false}\r\nSUB warm.req 1\r\n");
  sock.on("data", (d) => {
    buf += d;
    for (let i; (i = buf.indexOf("\r\n")) >= 0;) {
      const line = buf.slice(0, i);
      const p = line.split(" ");
      if (p[0] === "MSG") {
        const end = i + 4 + Number(p[p.length - 1]);
        if (buf.length < end) return;
        buf = buf.slice(end);
        if (p.length === 5) sock.write(`PUB ${p[3]} 2\r\nok\r\n`);
        continue;
      }
      buf = buf.slice(i + 2);
      if (line === "PING") sock.write("PONG\r\n");
    }
  });
  const tick = setInterval(() => sock.write("PUB warm.tick 4\r\ntick\r\n"), 2);
  return () => { clearInterval(tick); sock.destroy(); };
}

async function warmCodeCache() {
  const bin = fileURLToPath(new URL("../bin/nats.cjs", import.meta.url));
  const dir = mkdtempSync(path.join(tmpdir(), "natsx-build-"));
  const env = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: path.join(dir, "config"), NATSX_CODE_CACHE: "refresh" };
  const runBin = (args, what) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: "ignore", env });
    const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("error", (e) => { clearTimeout(t); reject(e); });
    child.on("exit", (code) => {
      clearTimeout(t);
      if (code === 0) resolve();
      else reject(new Error(`${what} warm-up run failed with exit code ${code}`));
    });
  });
  const real = await startRealServer(dir);
  const server = real ?? (await startFakeServer());
  const stopHelper = real ? startHelper(real.url) : () => {};
  const s = ["-s", server.url];
  try {
    await runBin(["pub", ...s, "warm.up", "x"], "`pub`");
    await runBin(["rtt", ...s, "1"], "`rtt`");
    if (real) {
      await runBin(["req", ...s, "warm.req", "x"], "`req`");
      await runBin(["sub", ...s, "--count", "1", "warm.tick"], "`sub`");
      await runBin(["stream", "add", ...s, "WARM", "--subjects", "warm.stream.>", "--defaults"], "`stream add`");
      await runBin(["stream", "ls", ...s], "`stream ls`");
      await runBin(["kv", "add", ...s, "WARM"], "`kv add`");
      await runBin(["kv", "put", ...s, "WARM", "key", "value"], "`kv put`");
      await runBin(["kv", "get", ...s, "WARM", "key"], "`kv get`");
    }
  } finally {
    stopHelper();
    server.stop(); // also after a failed run: a listening server would keep the build from exiting
  }
  // and the cache of help (`nats`, `--help`): what help runs is small and deserialises faster than the default
  await runBin(["--help"], "help");
  rmSync(dir, { recursive: true, force: true });
  const cacheDir = new URL(`../dist/cache/${process.version}-${process.arch}/`, import.meta.url);
  copyFileSync(new URL("nats.rtt.cache", cacheDir), new URL("nats.default.cache", cacheDir));
  copyFileSync(new URL("nats-lite.publish.cache", cacheDir), new URL("nats-lite.default.cache", cacheDir));
}
