import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { REFUSED_PORT } from "../helpers/nats-server.js";
import { runCli, tempHome, cliError } from "../helpers/run-cli.js";
import { PERCENTILES, type LatencyReport } from "../../src/commands/latency.js";

let cluster: NatsCluster;
beforeAll(async () => { cluster = await startCluster({ size: 2 }); }, 60_000);
afterAll(async () => { await cluster?.stop(); });

describe("latency", () => {
  it("measures across two servers of a cluster and prints natscli's report with HDR percentiles", async () => {
    const [n1, n2] = cluster.servers;
    const r = await runCli(["latency", "-s", n1!.url, "--server-b", n2!.url, "--rate", "500", "--duration", "1s", "--size", "32"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^={30}\nPub Server RTT : [\d.]+(µs|ms)\nSub Server RTT : [\d.]+(µs|ms)\nMessage Payload: 32 B\nTarget Duration: 1s\nTarget Msgs\/Sec: 500\n/);
    for (const p of PERCENTILES) expect(r.stdout).toMatch(new RegExp(`^${String(p).replace(".", "\\.")}: +[\\d.]+(µs|ms|s)$`, "m"));
    expect(r.stdout).toMatch(/^Actual Msgs\/Sec: \d+$/m);
    expect(r.stdout).not.toMatch(/Lost Messages/);
  });

  it("--json: every message arrived, percentiles rise, --histogram writes the HDR distribution and the raw values", async () => {
    const [n1, n2] = cluster.servers;
    const dir = tempHome();
    const r = await runCli(["latency", "-s", n1!.url, "--server-b", n2!.url, "--rate", "1000", "--duration", "1s", "--histogram", "lat", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as LatencyReport;
    expect(doc.target).toEqual({ duration_ms: 1000, msgs_per_sec: 1000, bytes_per_sec: 16_000, messages: 1000 });
    expect(doc.actual).toMatchObject({ sent: 1000, received: 1000, lost: 0 });
    const ps = PERCENTILES.map((p) => doc.latency_ms.percentiles[String(p)]!);
    for (let i = 1; i < ps.length; i++) expect(ps[i]!).toBeGreaterThanOrEqual(ps[i - 1]!);
    expect(doc.latency_ms.min).toBeLessThanOrEqual(doc.latency_ms.median);
    // HDR keeps 5 significant digits: the 100th percentile is the maximum
    expect(Math.abs(ps[ps.length - 1]! - doc.latency_ms.max)).toBeLessThan(doc.latency_ms.max * 1e-4 + 1e-6);
    const raw = readFileSync(path.join(dir, "lat.raw"), "utf8").trim().split("\n");
    expect(raw).toHaveLength(1000);
    const hist = readFileSync(path.join(dir, "lat.histogram"), "utf8");
    expect(hist).toMatch(/^ +Value +Percentile +TotalCount 1\/\(1-Percentile\)/);
    expect(hist).toMatch(/Total count += +1000\]/);
  });

  it("refuses bad values, and a second server that is down is a connection error", async () => {
    const small = await runCli(["latency", "--server-b", cluster.servers[0]!.url, "--size", "4", "-s", cluster.servers[0]!.url]);
    expect(small).toMatchObject({ code: 2, stderr: cliError("message Payload Size must be at least 8 bytes — the first 8 bytes carry the send time\n") });
    const missing = await runCli(["latency", "-s", cluster.servers[0]!.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--server-b <url>' not specified/);
    const down = await runCli(["latency", "-s", cluster.servers[0]!.url, "--server-b", `nats://127.0.0.1:${REFUSED_PORT}`, "--duration", "1s"]);
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(cliError(/^connection refused nats:\/\/127\.0\.0\.1:1 \(from --server-b\)/));
  });
});
