// `npm run bench:messaging`: throughput of `nats pub --send-on newline` (stdin piped from a file) and of
// `nats sub --raw > /dev/null`, through the real bin against a private nats-server. Prints msgs/s.
// Usage: node scripts/bench-messaging.mjs [messages=1000000] [runs=3]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { connect } from "@nats-io/transport-node";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);
const bin = path.join(root, "bin/nats.cjs");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n) => Math.round(n).toLocaleString("en-US");

if (spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { stdio: "inherit" }).status !== 0) process.exit(1);

const dir = mkdtempSync(path.join(tmpdir(), "natsx-bench-msg-"));
const server = spawn(process.env.NATS_SERVER_BIN || "nats-server", ["-a", "127.0.0.1", "-p", "-1", "-m", "-1", "--ports_file_dir", dir], { stdio: "ignore" });
const portsFile = path.join(dir, `nats-server_${server.pid}.ports`);
for (let i = 0; !existsSync(portsFile); i++) { if (i > 500) throw new Error("nats-server did not start"); await sleep(20); }
await sleep(50);
const ports = JSON.parse(readFileSync(portsFile, "utf8"));
const url = ports.nats[0].replace("0.0.0.0", "127.0.0.1");
const monitor = ports.monitoring[0].replace("0.0.0.0", "127.0.0.1");
const nc = await connect({ servers: url });

function runBin(args, stdio) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, "-s", url, ...args], { stdio, env: { ...process.env, NO_COLOR: "1" } });
    let err = "";
    child.stderr?.on("data", (d) => { err += d; });
    child.on("close", (code) => resolve({ code, err }));
  });
}

async function subscriptions() {
  const r = await fetch(`${monitor}/subsz`);
  return (await r.json()).num_subscriptions;
}

// 1) pub --send-on newline, stdin from a file of N short lines; an independent subscriber counts arrivals.
const linesFile = path.join(dir, "lines.txt");
writeFileSync(linesFile, Array.from({ length: N }, (_, i) => `message-${String(i).padStart(8, "0")}`).join("\n") + "\n");
const pubRates = [];
for (let run = 0; run < RUNS; run++) {
  let got = 0;
  const sub = nc.subscribe(`bench.pub.${run}`, { callback: () => { got++; } });
  await nc.flush();
  const t0 = performance.now();
  const r = await runBin(["pub", `bench.pub.${run}`, "--send-on", "newline", "-q"], [openSync(linesFile, "r"), "ignore", "pipe"]);
  const t1 = performance.now();
  for (let i = 0; got < N && i < 500; i++) await sleep(20);
  sub.unsubscribe();
  if (r.code !== 0 || got !== N) console.log(`  run ${run + 1}: exit ${r.code}, ${got}/${N} arrived ${r.err}`);
  pubRates.push(N / ((t1 - t0) / 1000));
  console.log(`pub --send-on newline run ${run + 1}: ${fmt(pubRates.at(-1))} msgs/s (${N} lines, ${got} arrived, ${((t1 - t0) / 1000).toFixed(2)} s incl. start-up)`);
}

// 2) sub --raw > /dev/null; this script publishes N 16-byte messages once the subscription is registered.
const payload = new TextEncoder().encode("message-00000000");
const subRates = [];
for (let run = 0; run < RUNS; run++) {
  const before = await subscriptions();
  const done = runBin(["sub", `bench.sub.${run}`, "--raw", "--count", String(N)], ["ignore", openSync("/dev/null", "w"), "pipe"]);
  for (let i = 0; (await subscriptions()) <= before; i++) { if (i > 500) throw new Error("sub never subscribed"); await sleep(10); }
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    nc.publish(`bench.sub.${run}`, payload);
    if (i % 10_000 === 9_999) await nc.flush();
  }
  await nc.flush();
  const r = await done;
  const t1 = performance.now();
  if (r.code !== 0) console.log(`  run ${run + 1}: exit ${r.code} ${r.err}`);
  subRates.push(N / ((t1 - t0) / 1000));
  console.log(`sub --raw > /dev/null run ${run + 1}: ${fmt(subRates.at(-1))} msgs/s (${N} messages)`);
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`\nmedian pub --send-on newline: ${fmt(median(pubRates))} msgs/s`);
console.log(`median sub --raw > /dev/null: ${fmt(median(subRates))} msgs/s`);
await nc.close();
server.kill("SIGTERM");
for (const f of readdirSync(dir)) rmSync(path.join(dir, f), { force: true });
rmSync(dir, { recursive: true, force: true });
