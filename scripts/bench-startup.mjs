// `npm run bench:startup`: start-up cost of the real bin, for the one-shot commands scripts run in loops.
// Starts its own nats-server (JetStream on) with what each command needs: a stream to list, a KV key to get,
// a responder for `req` and a publisher for `sub --count 1` (a helper process holding one raw connection,
// which also counts what `pub` sent, so the bench checks the server saw the work). Then prints the median
// wall time of each command divided by the median of `node -e 0` measured in the same run (interleaved, so
// machine noise hits both), in two environments:
//   - clean (PATH and HOME only), as on a user's machine: THE TARGET, each command <= 1.25;
//   - yours (minus NATS_*): e.g. NODE_EXTRA_CA_CERTS, set on some machines, makes every Node start slower,
//     which shrinks the ratios.
// BENCH_RUNS (default 41) sets the samples per command; BENCH_ONLY=clean|yours runs one environment. The bin's
// children run on the Node that runs this script: `/path/to/node24 scripts/bench-startup.mjs` measures Node 24.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const TARGET = 1.25;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin", "nats.cjs");
if (!existsSync(path.join(root, "dist", "nats.cjs"))) spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });

const dir = mkdtempSync(path.join(tmpdir(), "natsx-bench-"));
const server = spawn(process.env.NATS_SERVER_BIN || "nats-server", ["-a", "127.0.0.1", "-p", "-1", "--ports_file_dir", dir, "-js", "-sd", path.join(dir, "js")], { stdio: "ignore" });
let helper;
const cleanUp = () => {
  helper?.kill("SIGTERM");
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
};
const portsFile = path.join(dir, `nats-server_${server.pid}.ports`);
for (let i = 0; !existsSync(portsFile); i++) {
  if (i > 500) { console.error("nats-server did not start"); cleanUp(); process.exit(1); }
  await new Promise((r) => setTimeout(r, 20));
}
await new Promise((r) => setTimeout(r, 50));
const url = JSON.parse(readFileSync(portsFile, "utf8")).nats[0];
const { port } = new URL(url);

const clean = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: path.join(dir, "config"), NO_COLOR: "1" };
const inherited = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NATS_"))), ...clean };

// the server state the commands read: a stream and a KV key
const setUp = (args) => {
  const r = spawnSync(process.execPath, [bin, "-s", url, ...args], { env: clean, encoding: "utf8" });
  if (r.status !== 0) { console.error(`set-up \`nats ${args.join(" ")}\` failed: ${r.stderr}`); cleanUp(); process.exit(1); }
};
setUp(["stream", "add", "BENCH", "--subjects", "bench.stream.>", "--defaults"]);
setUp(["kv", "add", "BENCH"]);
setUp(["kv", "put", "BENCH", "key", "value"]);

// One raw connection: answers `bench.req`, publishes `bench.tick` every millisecond (what `sub --count 1`
// receives; so it waits ~0.5 ms for its message), counts `bench.pub` messages, and prints its counts when
// its stdin closes.
const helperSource = `let buf = Buffer.alloc(0), pubs = 0, replies = 0;
const s = require("net").connect(${port}, "127.0.0.1");
s.setNoDelay(true);
s.write("CONNECT {\\"verbose\\":false}\\r\\nSUB bench.req 1\\r\\nSUB bench.pub 2\\r\\nPING\\r\\n");
s.on("data", (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const i = buf.indexOf("\\r\\n");
    if (i < 0) return;
    const line = buf.subarray(0, i).toString();
    if (line.startsWith("MSG ")) {
      const p = line.split(" ");
      const n = Number(p[p.length - 1]);
      if (buf.length < i + 4 + n) return;
      buf = buf.subarray(i + 4 + n);
      if (p[1] === "bench.pub") pubs++;
      else if (p.length === 5) { replies++; s.write("PUB " + p[3] + " 2\\r\\nok\\r\\n"); }
      continue;
    }
    buf = buf.subarray(i + 2);
    if (line === "PING") s.write("PONG\\r\\n");
    if (line === "PONG") process.stdout.write("ready\\n");
  }
});
setInterval(() => s.write("PUB bench.tick 4\\r\\ntick\\r\\n"), 1);
process.stdin.on("end", () => { process.stdout.write(JSON.stringify({ pubs, replies }) + "\\n"); process.exit(0); });
process.stdin.resume();`;
helper = spawn(process.execPath, ["-e", helperSource], { stdio: ["pipe", "pipe", "inherit"] });
let helperOut = "";
helper.stdout.on("data", (d) => { helperOut += d; });
for (let i = 0; !helperOut.includes("ready"); i++) {
  if (i > 250) { console.error("the bench's helper connection did not start"); cleanUp(); process.exit(1); }
  await new Promise((r) => setTimeout(r, 20));
}

// For scale, a raw-socket floor: net + crypto, the protocol by hand, then exit (no JavaScript client can start
// faster than that).
const raw = `const s = require("net").connect(${port}, "127.0.0.1"); require("crypto"); let b = "", sent = false;
s.on("data", (d) => { b += d; if (!sent && b.includes("INFO")) { sent = true; s.write("CONNECT {}\\r\\nPUB x 1\\r\\ny\\r\\nPING\\r\\n"); } if (b.includes("PONG")) process.exit(0); });`;
const nats = (...args) => [process.execPath, [bin, ...args]];
const cases = {
  "node -e 0": [process.execPath, ["-e", "0"]],
  "pub": nats("pub", "-s", url, "bench.pub", "y"),
  "req": nats("req", "-s", url, "bench.req", "y"),
  "sub --count 1": nats("sub", "-s", url, "--count", "1", "bench.tick"),
  "stream ls": nats("stream", "ls", "-s", url),
  "kv get": nats("kv", "get", "-s", url, "BENCH", "key"),
  "--help": nats("--help"),
  "raw socket": [process.execPath, ["-e", raw]],
};
const targets = new Set(["pub", "req", "sub --count 1", "stream ls", "kv get"]);
// single runs vary by tens of ms on a shared machine: many samples (the load also drifts over seconds, which no
// sample count removes: compare invocations made close together)
const runs = Number(process.env.BENCH_RUNS || 41);
let pubsRun = 0;
let reqsRun = 0;
const once = (name, [cmd, args], env) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status}): ${r.stderr}`);
  if (name === "pub") pubsRun++;
  if (name === "req") reqsRun++;
  return ms;
};
const environments = [["clean environment (as on a user's machine, NODE_EXTRA_CA_CERTS unset): the target", clean], ["your environment (minus NATS_*)", inherited]]
  .filter(([label]) => !process.env.BENCH_ONLY || label.startsWith(process.env.BENCH_ONLY));
const results = {};
let counts;
try {
  for (const [label, env] of environments) {
    const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (const [name, c] of Object.entries(cases)) for (let i = 0; i < 3; i++) once(name, c, env); // warm the disk cache
    for (let i = 0; i < runs; i++) for (const [name, c] of Object.entries(cases)) samples[name].push(once(name, c, env));
    results[label] = samples;
  }
  helper.stdin.end();
  for (let i = 0; !helperOut.includes("{"); i++) {
    if (i > 250) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  counts = JSON.parse(helperOut.slice(helperOut.indexOf("{")));
} finally {
  cleanUp();
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(`start-up, median wall time of ${runs} interleaved runs, node ${process.version}, ratio = command / \`node -e 0\``);
for (const [label, samples] of Object.entries(results)) {
  const base = median(samples["node -e 0"]);
  console.log(`${label}:`);
  const worst = [];
  for (const [name, v] of Object.entries(samples)) {
    const m = median(v);
    const ratio = m / base;
    const mark = targets.has(name) ? (ratio <= TARGET ? `  target <= ${TARGET}: met` : `  target <= ${TARGET}: over`) : "";
    if (targets.has(name)) worst.push(ratio);
    console.log(`  ${name.padEnd(14)} ${m.toFixed(1).padStart(7)} ms   ratio ${ratio.toFixed(2)}${mark}`);
  }
  console.log(`  one-shot commands: worst ratio ${Math.max(...worst).toFixed(2)}${label.includes("target") ? ` (target <= ${TARGET})` : " (for information)"}`);
}
// the work was done: every `nats pub` reached the server, every `nats req` was answered
console.log(`server check: ${counts.pubs} of ${pubsRun} publishes received, ${counts.replies} of ${reqsRun} requests answered`);
if (counts.pubs !== pubsRun || counts.replies !== reqsRun) process.exitCode = 1;
