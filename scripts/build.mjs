// Bundles src/ with esbuild, twice:
// 1. dist/cli.js + dist/chunks/: ESM with a lazily loaded chunk per command group (the fallback entry);
// 2. dist/nats.cjs: one CommonJS file that bin/nats.js compiles with a V8 code cache (dist/nats.cjs.cache),
//    which Node 20 cannot do for ES modules (no module.enableCompileCache before Node 22). Command modules
//    stay lazily *evaluated* in it (esbuild wraps dynamically imported modules), and the code cache
//    removes most of the parse/compile cost, which dominated `nats pub` start-up (issue #2, bench:startup).
// import.meta.url works in both (the CommonJS bundle defines it as its own file URL).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

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
      contents: `let m; const load = () => (m ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, {
  // \`socket instanceof tls.TLSSocket\` must not load tls: no TLS socket exists until tls was loaded
  get: (_, k) => (k === "__esModule" ? undefined : k === "TLSSocket" && !m ? { [Symbol.hasInstance]: () => false } : load()[k]),
  has: (_, k) => k in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(load(), k); if (d) d.configurable = true; return d; },
});`,
    }));
  },
};

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
const common = {
  plugins: [lazyBuiltins],
  bundle: true,
  platform: "node",
  target: "node20",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
};
await build({
  ...common,
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  splitting: true,
  format: "esm",
  chunkNames: "chunks/[name]-[hash]",
  // some bundled CommonJS (cli-table3, ws) calls require(): give ESM chunks a real one
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
});
await build({
  ...common,
  entryPoints: ["src/cli.ts"],
  outfile: "dist/nats.cjs",
  format: "cjs",
  // no import() left in the bundle: a vm.Script has no module loader for it
  supported: { "dynamic-import": false },
  // import.meta.url still means "this bundle's file" (as in the ESM build's chunks)
  define: { "import.meta.url": "__natsxImportMetaUrl" },
  banner: { js: "\"use strict\";var __natsxImportMetaUrl=require(\"node:url\").pathToFileURL(__filename).href;" },
});
// Warm the code cache with runs that need no server; bin/nats.js refreshes it when V8 rejects it.
const bin = new URL("../bin/nats.js", import.meta.url).pathname;
for (const args of [["--help"], ["context", "ls", "--names"], ["pub", "--help"]]) {
  execFileSync(process.execPath, [bin, ...args], { stdio: "ignore", env: { ...process.env, NATSX_CODE_CACHE: "refresh" } });
}
