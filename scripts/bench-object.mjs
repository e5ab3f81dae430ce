// `npm run bench:object`: a 200 MB object put/get round trip through the real CLI (bin/nats.cjs)
// against a throwaway nats-server. Prints wall time, throughput and the peak RSS (VmHWM) of each
// CLI process, plus a 20 MB run for comparison: flat memory means the two peaks are close.
// Size override: BENCH_OBJECT_MB=500 npm run bench:object
import { spawn, execFileSync } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { createReadStream, existsSync, mkdtempSync, openSync, writeSync, closeSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/nats.cjs");
if (!existsSync(path.join(root, "dist/nats.cjs"))) execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { stdio: "inherit" });

const dir = mkdtempSync(path.join(tmpdir(), "natsx-bench-obj-"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer() {
  const srv = spawn(process.env.NATS_SERVER_BIN || "nats-server", ["-a", "127.0.0.1", "-p", "-1", "-js", "-sd", path.join(dir, "js"), "--ports_file_dir", dir], { stdio: "ignore" });
  const ports = path.join(dir, `nats-server_${srv.pid}.ports`);
  for (let i = 0; i < 500 && !existsSync(ports); i++) await sleep(20);
  await sleep(50);
  return { srv, url: JSON.parse(readFileSync(ports, "utf8")).nats[0] };
}

function makeFile(file, mb) {
  const fd = openSync(file, "w");
  const buf = Buffer.alloc(1 << 20);
  for (let i = 0; i < mb; i++) writeSync(fd, randomFillSync(buf));
  closeSync(fd);
}

async function sha256(file) {
  const h = createHash("sha256");
  for await (const c of createReadStream(file)) h.update(c);
  return h.digest("hex");
}

/** Runs the CLI, polling /proc/<pid>/status for VmHWM (the kernel's peak RSS, monotonic). */
function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let peakKb = 0;
    child.stderr.on("data", (d) => { stderr += d; });
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch { /* exited */ }
    }, 10);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`nats ${args.join(" ")} exited ${code}: ${stderr}`));
      else resolve({ secs, peakMb: peakKb / 1024 });
    });
  });
}

const { srv, url } = await startServer();
const env = { NATS_URL: url, HOME: dir, XDG_CONFIG_HOME: dir };
try {
  await runCli(["object", "add", "BENCH"], env);
  const sizes = [Number(process.env.BENCH_OBJECT_MB || 200), 20];
  console.log(`object round trip through bin/nats.cjs, nats-server at ${url}`);
  for (const mb of sizes) {
    const src = path.join(dir, `in-${mb}.bin`);
    const out = path.join(dir, `out-${mb}.bin`);
    makeFile(src, mb);
    const put = await runCli(["object", "put", "BENCH", src, "--name", `obj-${mb}`, "-f"], env);
    const get = await runCli(["object", "get", "BENCH", `obj-${mb}`, "-O", out], env);
    const [a, b] = [await sha256(src), await sha256(out)];
    const rate = (s) => `${(mb / s).toFixed(1)} MiB/s`;
    console.log(`${String(mb).padStart(4)} MiB  put ${put.secs.toFixed(2)}s (${rate(put.secs)}) peak RSS ${put.peakMb.toFixed(1)} MiB | get ${get.secs.toFixed(2)}s (${rate(get.secs)}) peak RSS ${get.peakMb.toFixed(1)} MiB | sha256 ${a === b ? "match" : "MISMATCH"} ${a.slice(0, 16)}…`);
    rmSync(src); rmSync(out);
    if (a !== b) process.exitCode = 1;
  }
} finally {
  srv.kill("SIGTERM");
  await sleep(200);
  rmSync(dir, { recursive: true, force: true });
}
