// `npm run bench:startup`: start-up cost of the real bin. Starts its own nats-server, then prints the
// median wall time of `nats pub x y` against it divided by the median of `node -e 0` measured in the
// same run (interleaved, so machine noise hits both), plus `nats --help`. Target: pub ratio <= 1.25.
// BENCH_RUNS (default 41) sets the number of samples per command.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin", "nats.cjs");
if (!existsSync(path.join(root, "dist", "nats.cjs"))) spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });

const dir = mkdtempSync(path.join(tmpdir(), "natsx-bench-"));
const server = spawn(process.env.NATS_SERVER_BIN || "nats-server", ["-a", "127.0.0.1", "-p", "-1", "--ports_file_dir", dir], { stdio: "ignore" });
const portsFile = path.join(dir, `nats-server_${server.pid}.ports`);
for (let i = 0; !existsSync(portsFile); i++) {
  if (i > 500) { console.error("nats-server did not start"); process.exit(1); }
  await new Promise((r) => setTimeout(r, 20));
}
await new Promise((r) => setTimeout(r, 50));
const url = JSON.parse(readFileSync(portsFile, "utf8")).nats[0];

// Two environments: the one you run in (minus NATS_*; e.g. NODE_EXTRA_CA_CERTS makes every node
// start slower, which shrinks ratios) and a clean one with only PATH/HOME. For scale, the same run also
// times a bare nats.js connect+publish+flush+close script and a raw-socket floor (net + crypto, the
// protocol by hand): no JavaScript client can start faster than the latter.
const clean = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: path.join(dir, "config"), NO_COLOR: "1" };
const inherited = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NATS_"))), ...clean };
const { port } = new URL(url);
const bare = `import { connect } from ${JSON.stringify(pathToFileURL(path.join(root, "node_modules/@nats-io/transport-node/index.js")).href)};
const nc = await connect({ servers: "127.0.0.1:${port}" }); nc.publish("x", "y"); await nc.flush(); await nc.close();`;
const raw = `const s = require("net").connect(${port}, "127.0.0.1"); require("crypto"); let b = "", sent = false;
s.on("data", (d) => { b += d; if (!sent && b.includes("INFO")) { sent = true; s.write("CONNECT {}\\r\\nPUB x 1\\r\\ny\\r\\nPING\\r\\n"); } if (b.includes("PONG")) s.end(); });`;
const cases = {
  "node -e 0": [process.execPath, ["-e", "0"]],
  "nats pub x y": [process.execPath, [bin, "pub", "-s", url, "x", "y"]],
  "nats --help": [process.execPath, [bin, "--help"]],
  "bare nats.js": [process.execPath, ["--input-type=module", "-e", bare]],
  "raw socket": [process.execPath, ["-e", raw]],
};
// single runs vary by tens of ms on a shared machine: more samples than the first version's 25 (the load also
// drifts over seconds, which no sample count removes: compare invocations made close together)
const runs = Number(process.env.BENCH_RUNS || 41);
const once = (cmd, args, env) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  return ms;
};
const results = {};
try {
  for (const [label, env] of [["your environment", inherited], ["clean environment", clean]]) {
    const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (const [cmd, args] of Object.values(cases)) for (let i = 0; i < 3; i++) once(cmd, args, env); // warm the disk cache
    for (let i = 0; i < runs; i++) for (const [name, [cmd, args]] of Object.entries(cases)) samples[name].push(once(cmd, args, env));
    results[label] = samples;
  }
} finally {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(`start-up, median wall time of ${runs} interleaved runs (node ${process.version}):`);
for (const [label, samples] of Object.entries(results)) {
  const base = median(samples["node -e 0"]);
  console.log(`${label}:`);
  for (const [name, v] of Object.entries(samples)) {
    const m = median(v);
    console.log(`  ${name.padEnd(14)} ${m.toFixed(1).padStart(7)} ms   ratio ${(m / base).toFixed(2)}`);
  }
  console.log(`  pub/node ratio: ${(median(samples["nats pub x y"]) / base).toFixed(2)} (target <= 1.25)`);
}
