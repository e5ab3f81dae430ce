// `npm run bench:vs-go`: natsx's bulk data paths against the Go client (nats.go, what natscli is built on)
// doing the same work against the same private nats-server, in the same run. Each figure is the median
// of 3 runs, natsx and Go interleaved so machine noise hits both; every run is checked on the server
// (/varz message counters, slow consumers) or by a counting subscriber, and a run that did not do the
// work it claims fails the script. Prints one table: natsx / Go per row.
//
// The Go reference (scripts/bench-vs-go/ref.go) is built from Debian's packages, outside CI only:
//   apt-get install golang-go golang-github-nats-io-go-nats-dev
// natsx runs without NODE_EXTRA_CA_CERTS (it triples Node's start-up; users do not set it), so the
// rows that include start-up (pub --send-on, requests, stream ls) show what a user's shell sees.
// Usage: node scripts/bench-vs-go.mjs [--rows pub,pubsub,raw,rawwait,lines,req,ls] [--runs 3]
//        NATSX_BIN=/path/to/bin/nats.cjs compares another natsx build (e.g. main before a change).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const ROWS = opt("--rows", "pub,pubsub,raw,rawwait,lines,req,ls").split(",");
const RUNS = Number(opt("--runs", "3"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} k` : n.toFixed(0));
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

if (process.env.CI) {
  console.log("bench:vs-go needs the Go toolchain and takes minutes: not run in CI");
  process.exit(0);
}

// --- the Go reference, built once per source version ---------------------------------------------
const goSrc = path.join(root, "scripts/bench-vs-go/ref.go");
const GOPATH = "/usr/share/gocode";
if (spawnSync("go", ["version"]).status !== 0 || !existsSync(path.join(GOPATH, "src/github.com/nats-io/nats.go"))) {
  console.error("bench:vs-go needs Go and nats.go from Debian: apt-get install golang-go golang-github-nats-io-go-nats-dev");
  process.exit(1);
}
const cache = path.join(tmpdir(), "natsx-bench-vs-go");
mkdirSync(cache, { recursive: true });
const ref = path.join(cache, `ref-${createHash("sha256").update(readFileSync(goSrc)).digest("hex").slice(0, 12)}`);
if (!existsSync(ref)) {
  console.error("building the Go reference…");
  const b = spawnSync("go", ["build", "-o", ref, goSrc], { stdio: "inherit", env: { ...process.env, GOPATH, GO111MODULE: "off", GOFLAGS: "", GOCACHE: path.join(cache, "gocache") } });
  if (b.status !== 0) process.exit(1);
}

// --- natsx ---------------------------------------------------------------------------------------
const bin = process.env.NATSX_BIN ?? path.join(root, "bin/nats.cjs");
if (!process.env.NATSX_BIN && spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { stdio: "inherit" }).status !== 0) process.exit(1);
const dir = mkdtempSync(path.join(tmpdir(), "natsx-vs-go-"));
const nodeEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_EXTRA_CA_CERTS" && !k.startsWith("NATS_")));
Object.assign(nodeEnv, { NO_COLOR: "1", HOME: dir, XDG_CONFIG_HOME: path.join(dir, "config") });

// --- servers -------------------------------------------------------------------------------------
const servers = [];
async function startServer(name) {
  const sd = path.join(dir, name);
  mkdirSync(sd, { recursive: true });
  const p = spawn(process.env.NATS_SERVER_BIN || "nats-server", ["-a", "127.0.0.1", "-p", "-1", "-m", "-1", "-js", "-sd", sd, "--ports_file_dir", sd], { stdio: "ignore" });
  servers.push(p);
  const pf = path.join(sd, `nats-server_${p.pid}.ports`);
  for (let i = 0; !existsSync(pf); i++) { if (i > 500) throw new Error("nats-server did not start"); await sleep(20); }
  await sleep(50);
  const ports = JSON.parse(readFileSync(pf, "utf8"));
  const url = ports.nats[0].replace("0.0.0.0", "127.0.0.1");
  const mon = ports.monitoring[0].replace("0.0.0.0", "127.0.0.1");
  return { url, varz: async () => (await fetch(`${mon}/varz`)).json(), subsz: async () => (await fetch(`${mon}/subsz`)).json() };
}

/** Runs a child to completion: wall time, stdout/stderr (unless redirected), peak RSS sampled from /proc. */
function run(cmd, args, { env, stdin = "ignore", stdout = "pipe", onStdout, timeoutMs = 300_000 } = {}) {
  let child;
  const p = new Promise((resolve, reject) => {
    const t0 = performance.now();
    child = spawn(cmd, args, { env, stdio: [stdin, stdout, "pipe"] });
    let out = "";
    let err = "";
    let peakKb = 0;
    child.stdout?.on("data", (d) => { out += d; onStdout?.(out); });
    child.stderr.on("data", (d) => { err += d; });
    const rss = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch { /* exited */ }
    }, 25);
    const kill = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`${path.basename(cmd)} ${args.join(" ")} timed out; stderr: ${err}`)); }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(kill);
      clearInterval(rss);
      resolve({ code, out, err, ms: performance.now() - t0, rssMb: peakKb / 1024 });
    });
  });
  p.child = child;
  return p;
}
/** Starts a long-running child and resolves once its stdout contains `ready` (Go) or the server shows its subscription. */
function startChild(cmd, args, env, stdout = "pipe") {
  let ready;
  const isReady = new Promise((r) => { ready = r; });
  const done = run(cmd, args, { env, stdout, onStdout: (o) => { if (o.includes("ready")) ready(); } });
  return { done, isReady };
}
async function waitSubs(s, atLeast) {
  for (let i = 0; (await s.subsz()).num_subscriptions < atLeast; i++) { if (i > 1000) throw new Error("subscriber never subscribed"); await sleep(5); }
}
const natsx = (s, args, o = {}) => run(process.execPath, [bin, "-s", s.url, ...args], { env: nodeEnv, ...o });
const go = (s, args, o = {}) => run(ref, args, { env: { ...process.env, NATS_URL: s.url }, ...o });
const check = (ok, what) => { if (!ok) throw new Error(`verification failed: ${what}`); };
const goResult = (r) => { const [n, secs] = r.err.trim().split("\n").at(-1).split(" ").map(Number); return { n, secs }; };
const statsRate = (r) => Number(/stats: ([\d,]+) msgs\/sec/.exec(r.out)?.[1].replace(/,/g, "") ?? NaN);

// --- rows ----------------------------------------------------------------------------------------
const table = [];
async function row(label, unit, higherIsBetter, pair) {
  const xs = [];
  const gs = [];
  const notes = new Set();
  for (let i = 0; i < RUNS; i++) {
    const [x, g] = await pair(i, notes);
    xs.push(x);
    gs.push(g);
    process.stderr.write(`  ${label} run ${i + 1}: natsx ${fmt(x)}, Go ${fmt(g)} ${unit}\n`);
  }
  const x = median(xs);
  const g = median(gs);
  table.push({ label, natsx: `${fmt(x)} ${unit}`, go: `${fmt(g)} ${unit}`, ratio: higherIsBetter ? x / g : g / x, notes: [...notes].join("; ") });
}

try {
  const s = await startServer("core");
  const inMsgs = async () => (await s.varz()).in_msgs;

  if (ROWS.includes("pub")) {
    const N = 5_000_000;
    await row("`bench pub`, 16 B, publish only", "msg/s", true, async (i) => {
      let before = await inMsgs();
      const x = await natsx(s, ["bench", "pub", `vs.pub.${i}`, "--msgs", String(N), "--size", "16", "--no-progress"]);
      check(x.code === 0 && (await inMsgs()) - before === N, `natsx bench pub delivered ${(await inMsgs()) - before}/${N} (exit ${x.code}) ${x.err}`);
      before = await inMsgs();
      const g = await go(s, ["pub", `vs.pub.${i}`, String(N), "16"]);
      check(g.code === 0 && (await inMsgs()) - before === N, `Go pub delivered ${(await inMsgs()) - before}/${N}`);
      const gr = goResult(g);
      return [statsRate(x), gr.n / gr.secs];
    });
  }

  if (ROWS.includes("pubsub")) {
    const N = 2_000_000;
    await row("`bench pub` + `bench sub`, 128 B, separate processes (subscriber rate)", "msg/s", true, async (i) => {
      const subj = `vs.pubsub.${i}`;
      let base = (await s.subsz()).num_subscriptions;
      const xs = startChild(process.execPath, [bin, "-s", s.url, "bench", "sub", subj, "--msgs", String(N), "--size", "128", "--no-progress"], nodeEnv);
      await waitSubs(s, base + 1);
      const xp = await natsx(s, ["bench", "pub", subj, "--msgs", String(N), "--size", "128", "--no-progress"]);
      const xr = await xs.done;
      check(xp.code === 0 && xr.code === 0 && /stats:/.test(xr.out), `natsx bench sub did not receive ${N} (exit ${xr.code}) ${xr.err}`);
      base = (await s.subsz()).num_subscriptions;
      const gs = startChild(ref, ["sub", subj, String(N)], { ...process.env, NATS_URL: s.url });
      await gs.isReady;
      const gp = await go(s, ["pub", subj, String(N), "128"]);
      const gr = await gs.done;
      check(gp.code === 0 && gr.code === 0 && goResult(gr).n === N, `Go sub did not receive ${N}`);
      return [statsRate(xr), N / goResult(gr).secs];
    });
  }

  // sub --raw > /dev/null under a flood from the Go publisher: rate = N / (flood start → subscriber exit)
  const rawRow = async (label, extra) => {
    const N = 2_000_000;
    let maxRss = 0;
    let drops = 0;
    await row(label, "msg/s", true, async (i) => {
      const subj = `vs.raw.${i}.${extra.length}`;
      const devnull = openSync("/dev/null", "w");
      let base = (await s.subsz()).num_subscriptions;
      let sc = (await s.varz()).slow_consumers;
      const xs = startChild(process.execPath, [bin, "-s", s.url, "sub", subj, "--raw", "--count", String(N), ...extra], nodeEnv, devnull);
      await waitSubs(s, base + 1);
      let t0 = performance.now();
      const xp = await go(s, ["pub", subj, String(N), "128"]);
      const xr = await xs.done;
      const xms = performance.now() - t0;
      const got = Number(/Received ([\d,]+) messages/.exec(xr.err)?.[1].replace(/,/g, "") ?? 0);
      drops += N - got + ((await s.varz()).slow_consumers - sc);
      check(xp.code === 0 && xr.code === 0 && got === N, `natsx sub --raw received ${got}/${N} (exit ${xr.code}) ${xr.err}`);
      maxRss = Math.max(maxRss, xr.rssMb);
      base = (await s.subsz()).num_subscriptions;
      sc = (await s.varz()).slow_consumers;
      const gs = startChild(ref, ["raw", subj, String(N), "5000"], { ...process.env, NATS_URL: s.url }, devnull);
      await waitSubs(s, base + 1);
      t0 = performance.now();
      const gp = await go(s, ["pub", subj, String(N), "128"]);
      const gr = await gs.done;
      const gms = performance.now() - t0;
      check(gp.code === 0 && gr.code === 0 && goResult(gr).n === N && (await s.varz()).slow_consumers === sc, `Go raw subscriber received ${goResult(gr).n}/${N}`);
      return [N / (xms / 1000), N / (gms / 1000)];
    });
    table.at(-1).notes = `natsx peak RSS ${maxRss.toFixed(0)} MB, ${drops} dropped`;
  };
  if (ROWS.includes("raw")) await rawRow("`sub --raw > /dev/null` under a 2 M × 128 B Go flood", []);
  if (ROWS.includes("rawwait")) await rawRow("the same with `--wait 5s`", ["--wait", "5s"]);

  if (ROWS.includes("lines")) {
    const N = 1_000_000;
    const file = path.join(dir, "lines.txt");
    writeFileSync(file, Array.from({ length: N }, (_, i) => `message-${String(i).padStart(8, "0")}`).join("\n") + "\n");
    await row("`pub --send-on newline`, 1 M stdin lines (wall time incl. start-up)", "msg/s", true, async (i) => {
      let before = await inMsgs();
      const x = await natsx(s, ["pub", `vs.lines.${i}`, "--send-on", "newline", "-q"], { stdin: openSync(file, "r") });
      check(x.code === 0 && (await inMsgs()) - before === N, `natsx pub --send-on newline delivered ${(await inMsgs()) - before}/${N} (exit ${x.code}) ${x.err}`);
      before = await inMsgs();
      const g = await go(s, ["lines", `vs.lines.${i}`], { stdin: openSync(file, "r") });
      check(g.code === 0 && (await inMsgs()) - before === N, `Go lines delivered ${(await inMsgs()) - before}/${N}`);
      return [N / (x.ms / 1000), N / (g.ms / 1000)];
    });
  }

  if (ROWS.includes("req")) {
    const N = 10_000;
    const responder = startChild(ref, ["reply", "vs.req"], { ...process.env, NATS_URL: s.url });
    await responder.isReady;
    // per request = (time for N − time for 1) / (N − 1): start-up and connect cancel out
    await row("10 000 sequential requests on one connection (per request)", "µs", false, async () => {
      const x1 = await natsx(s, ["req", "vs.req", "x", "--raw"]);
      const xn = await natsx(s, ["req", "vs.req", "x", "--raw", "--count", String(N)]);
      check(x1.code === 0 && xn.code === 0 && xn.out.split("\n").filter((l) => l === "x").length === N, `natsx req --count got ${xn.out.split("\n").filter((l) => l === "x").length}/${N} replies ${xn.err}`);
      const g1 = await go(s, ["req", "vs.req", "1"]);
      const gn = await go(s, ["req", "vs.req", String(N)]);
      check(g1.code === 0 && gn.code === 0 && goResult(gn).n === N, "Go req");
      return [((xn.ms - x1.ms) / (N - 1)) * 1000, ((gn.ms - g1.ms) / (N - 1)) * 1000];
    });
    responder.done.child.kill();
    await responder.done;
  }

  if (ROWS.includes("ls")) {
    // each listing on its own server, so stream ls does not count the KV buckets' streams
    for (const kind of ["stream", "kv"]) {
      const ls = await startServer(`ls-${kind}`);
      const { connect } = await import("@nats-io/transport-node");
      const { jetstreamManager } = await import("@nats-io/jetstream");
      const nc = await connect({ servers: ls.url });
      const jsm = await jetstreamManager(nc);
      let made = 0;
      const grow = async (to) => {
        for (; made < to; made++) {
          const name = kind === "kv" ? `KV_b${String(made).padStart(4, "0")}` : `S${String(made).padStart(4, "0")}`;
          const subjects = kind === "kv" ? [`$KV.b${String(made).padStart(4, "0")}.>`] : [`s.${made}.>`];
          await jsm.streams.add({ name, subjects, storage: "memory", max_msgs_per_subject: kind === "kv" ? 1 : -1, allow_rollup_hdrs: kind === "kv", deny_delete: kind === "kv", allow_direct: kind === "kv" });
        }
      };
      const time = async (n) => {
        await grow(n);
        const xs = [];
        const gs = [];
        // one-shot commands of ~100 ms: single runs swing by a factor of 3 on a loaded machine, so 7 samples
        for (let i = 0; i < Math.max(RUNS, 7); i++) {
          const x = await natsx(ls, [kind, "ls"]);
          check(x.code === 0 && x.out.split("\n").filter((l) => /[SKb]\d{4}/.test(l)).length === n, `natsx ${kind} ls listed ${x.out.split("\n").filter((l) => /[SKb]\d{4}/.test(l)).length}/${n}`);
          xs.push(x.ms);
          const g = await go(ls, [kind === "kv" ? "buckets" : "streams"]);
          check(g.code === 0 && goResult(g).n === n, `Go ${kind} list got ${goResult(g).n}/${n}`);
          gs.push(g.ms);
        }
        return [median(xs), median(gs)];
      };
      const [x10, g10] = await time(10);
      const [x1000, g1000] = await time(1000);
      table.push({
        label: `\`${kind} ls\`, time growth from 10 to 1 000 entries`,
        natsx: `${(x1000 / x10).toFixed(2)}× (${x10.toFixed(0)} → ${x1000.toFixed(0)} ms)`,
        go: `${(g1000 / g10).toFixed(2)}× (${g10.toFixed(0)} → ${g1000.toFixed(0)} ms)`,
        ratio: NaN,
        notes: `median of ${Math.max(RUNS, 7)}; target: natsx growth ≤ 1.5×`,
      });
      await nc.close();
    }
  }
} finally {
  for (const p of servers) p.kill("SIGTERM");
  await sleep(200);
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nnatsx (${path.relative(process.cwd(), bin) || bin}) vs Go (nats.go from ${GOPATH}), nats-server ${spawnSync(process.env.NATS_SERVER_BIN || "nats-server", ["--version"]).stdout.toString().trim()}, median of ${RUNS} interleaved runs\n`);
console.log("| work | natsx | Go | natsx / Go | notes |\n|---|---|---|---|---|");
for (const r of table) console.log(`| ${r.label} | ${r.natsx} | ${r.go} | ${Number.isNaN(r.ratio) ? "—" : `${r.ratio.toFixed(2)}×`} | ${r.notes} |`);
