// Bundles src/ into dist/ with esbuild: one entry plus a lazily loaded chunk per command group,
// so `nats pub` does not parse JetStream, KV or table code (start-up budget, issue #2).
import { build } from "esbuild";
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  chunkNames: "chunks/[name]-[hash]",
  // some bundled CommonJS (cli-table3, ws) calls require(): give ESM chunks a real one
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: "warning",
});
