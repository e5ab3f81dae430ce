import { readFileSync, readdirSync, existsSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { runCli, withoutControls } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { scratchDir } from "../helpers/scratch.js";

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
const N = 10_000;
const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, "-s", server.url], opts);

interface Snap { seq: number; subject: string; data: string; hdrs: Record<string, string[]> }

/** Every stored message of a stream, read with direct gets by sequence. */
async function snapshot(name: string): Promise<Snap[]> {
  const si = await jsm.streams.info(name);
  const out: Snap[] = [];
  const js = jetstream(nc);
  const c = await js.consumers.get(name, { deliver_policy: "all" as never });
  if (si.state.messages === 0) return out;
  const it = await c.consume({ max_messages: 1000 });
  for await (const m of it) {
    const hdrs: Record<string, string[]> = {};
    for (const k of m.headers?.keys() ?? []) hdrs[k] = m.headers!.values(k);
    out.push({ seq: m.seq, subject: m.subject, data: m.string(), hdrs });
    if (m.info.pending === 0) break;
  }
  await it.close();
  return out;
}

function comparableConfig(c: StreamConfig): Record<string, unknown> {
  const { metadata: _m, ...rest } = c as StreamConfig & { metadata?: unknown };
  return rest;
}

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "BIG", subjects: ["big.>"], description: "ten thousand", max_msgs_per_subject: 5000, duplicate_window: 60_000_000_000, deny_delete: false });
  const js = jetstream(nc);
  for (let i = 0; i < N; i += 500) {
    await Promise.all(Array.from({ length: 500 }, (_, j) => {
      const n = i + j;
      const h = n % 100 === 0 ? headers() : undefined;
      h?.set("Idx", String(n));
      h?.append("Multi", "a");
      h?.append("Multi", "b");
      return js.publish(`big.${n % 7}`, n % 50 === 0 ? "" : `payload ${n} ${"x".repeat(n % 40)}`, { headers: h });
    }));
  }
}, 60_000);
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("stream backup and restore", () => {
  it("a 10 000 message stream restores identical: config, sequences, subjects, headers, bodies", async () => {
    const dir = path.join(scratchDir("natsx-bk-"), "big");
    const b = await cli(["stream", "backup", "BIG", dir]);
    expect(b.stdout).toBe("");
    expect(b.code).toBe(0);
    expect(b.stderr).toMatch(/Starting backup of Stream "BIG" with /);
    expect(b.stderr).toMatch(/Received 10,000 messages .* for stream "BIG" in /);
    expect(readdirSync(dir).sort()).toEqual(["backup.json", "messages.ndjson"]);
    expect(readdirSync(path.dirname(dir))).toEqual(["big"]); // no partial directory left behind
    const man = JSON.parse(readFileSync(path.join(dir, "backup.json"), "utf8"));
    expect(man).toMatchObject({ format: "natsx-stream-backup", version: 1, messages: N, config: { name: "BIG" } });
    expect(readFileSync(path.join(dir, "messages.ndjson"), "utf8").trim().split("\n")).toHaveLength(N);

    const before = await snapshot("BIG");
    const cfgBefore = (await jsm.streams.info("BIG")).config;
    const exists = await cli(["stream", "restore", dir]);
    expect(exists.code).toBe(8);
    expect(exists.stderr).toContain('Stream "BIG" already exist');
    await jsm.streams.delete("BIG");

    const r = await cli(["stream", "restore", dir]);
    expect(r.stderr).toMatch(/Starting restore of Stream "BIG" from file/);
    expect(r.stderr).toMatch(/Restored stream "BIG" in /);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Information for Stream BIG/);
    const si = await jsm.streams.info("BIG");
    expect(si.state).toMatchObject({ messages: N, first_seq: 1, last_seq: N });
    expect(comparableConfig(si.config)).toEqual(comparableConfig(cfgBefore));
    const after = await snapshot("BIG");
    expect(after).toHaveLength(N);
    expect(after).toEqual(before);
  }, 120_000);

  it("keeps sequence numbers across purged and deleted ranges, and restores durable consumers", async () => {
    await jsm.streams.add({ name: "GAPS", subjects: ["gaps.*"], deny_delete: false });
    const js = jetstream(nc);
    for (let i = 1; i <= 30; i++) await js.publish(`gaps.${i % 3}`, `g${i}`);
    await jsm.streams.purge("GAPS", { seq: 6 } as never); // first_seq 6
    for (const s of [10, 11, 12, 20]) await jsm.streams.deleteMessage("GAPS", s);
    await jsm.consumers.add("GAPS", { durable_name: "worker", ack_policy: "explicit" as never, filter_subject: "gaps.1" });
    await jsm.streams.update("GAPS", { deny_delete: true } as never);
    const before = await snapshot("GAPS");
    const stBefore = (await jsm.streams.info("GAPS")).state;
    const dir = path.join(scratchDir("natsx-bk-"), "gaps");
    const bk = await cli(["stream", "backup", "GAPS", dir], { tty: { err: true } });
    expect(bk.code).toBe(0);
    expect(withoutControls(bk.stderr)).toMatch(new RegExp(`Backed up \\[=+\\] 100% ${stBefore.messages}/${stBefore.messages} [\\d,]+/s in [\\d.]+m?s\n`));
    await jsm.streams.delete("GAPS");
    const r = await cli(["stream", "restore", dir, "--json"]);
    expect(r.stderr).not.toContain("WARNING");
    expect(r.code).toBe(0);
    const si = JSON.parse(r.stdout);
    expect(si.state).toMatchObject({ messages: stBefore.messages, first_seq: 6, last_seq: 30, num_deleted: 4 });
    expect(si.config.deny_delete).toBe(true);
    expect(await snapshot("GAPS")).toEqual(before);
    expect((await jsm.consumers.info("GAPS", "worker")).config).toMatchObject({ filter_subject: "gaps.1", ack_policy: "explicit" });
  });

  it("refuses a non-empty target and a directory that is not a backup", async () => {
    const dir = scratchDir("natsx-bk-");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path.join(dir, "other"), "x");
    const b = await cli(["stream", "backup", "BIG", dir]);
    expect(b.code).toBe(8);
    expect(b.stderr).toContain("already exists and is not empty");
    expect(existsSync(path.join(dir, "backup.json"))).toBe(false);
    const r = await cli(["stream", "restore", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a stream backup: no backup.json");
  });
});
