import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { runCli, cliError } from "../helpers/run-cli.js";
import { serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { scratchDir } from "../helpers/scratch.js";

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, "-s", server.url], opts);

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"] });
  const js = jetstream(nc);
  for (let i = 1; i <= 5; i++) await js.publish(i <= 3 ? "orders.new" : "orders.old", `order ${i}`);
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("consumer add", () => {
  it("creates a pull consumer with --defaults and every flag it maps", async () => {
    const r = await cli(["consumer", "add", "ORDERS", "PULL", "--pull", "--defaults", "--filter", "orders.new", "--max-deliver", "5", "--max-pending", "50",
      "--wait", "10s", "--description", "pull it", "--max-waiting", "20", "--max-pull-batch", "10", "--max-pull-expire", "30s", "--inactive-threshold", "1h"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Information for Consumer ORDERS > PULL created /);
    expect(r.stdout).toMatch(/\n\s+Pull Mode: true\n/);
    expect(r.stdout).toMatch(/\n\s+Filter Subject: orders\.new\n/);
    expect(r.stdout).toMatch(/\n\s+Ack Policy: Explicit\n/);
    expect(r.stdout).toMatch(/\n\s+Ack Wait: 10\.00s\n/);
    expect(r.stdout).toMatch(/\n\s+Outstanding Acks: 0 out of maximum 50\n/);
    expect(r.stdout).toMatch(/\n\s+Unprocessed Messages: 3\n/);
    const ci = await jsm.consumers.info("ORDERS", "PULL");
    expect(ci.config).toMatchObject({ durable_name: "PULL", ack_policy: "explicit", deliver_policy: "all", replay_policy: "instant", filter_subject: "orders.new",
      max_deliver: 5, max_ack_pending: 50, ack_wait: 10e9, description: "pull it", max_waiting: 20, max_batch: 10, max_expires: 30e9, inactive_threshold: 3600e9 });
  });

  it("creates a push consumer with heartbeat, flow control, backoff and deliver policy", async () => {
    const r = await cli(["consumer", "add", "ORDERS", "PUSH", "--target", "out.push", "--deliver", "last", "--ack", "explicit", "--replay", "original",
      "--heartbeat", "5s", "--flow-control", "--backoff", "linear", "--backoff-steps", "3", "--backoff-min", "1s", "--backoff-max", "3s", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const ci = JSON.parse(r.stdout);
    expect(ci.config).toMatchObject({ deliver_subject: "out.push", deliver_policy: "last", ack_policy: "explicit", replay_policy: "original",
      idle_heartbeat: 5e9, flow_control: true, backoff: [1e9, 2e9, 3e9], max_deliver: 4 });
  });

  it("by sequence and by duration start policies", async () => {
    await cli(["consumer", "add", "ORDERS", "SEQ", "--pull", "--defaults", "--deliver", "4"]);
    expect((await jsm.consumers.info("ORDERS", "SEQ")).config).toMatchObject({ deliver_policy: "by_start_sequence", opt_start_seq: 4 });
    await cli(["consumer", "add", "ORDERS", "SINCE", "--pull", "--defaults", "--deliver", "1h"]);
    const since = await jsm.consumers.info("ORDERS", "SINCE");
    expect(since.config.deliver_policy).toBe("by_start_time");
    expect(since.num_pending).toBe(5);
  });

  it("reads --config (a `consumer info --json` document) and without a TTY lists missing flags", async () => {
    const path = await import("node:path");
    const dir = scratchDir("natsx-con-");
    const info = await cli(["consumer", "info", "ORDERS", "PULL", "--json"]);
    writeFileSync(path.join(dir, "c.json"), info.stdout);
    const r = await cli(["consumer", "add", "ORDERS", "FROMFILE", "--config", path.join(dir, "c.json"), "--max-deliver", "9"]);
    expect(r.stderr).toBe("");
    expect((await jsm.consumers.info("ORDERS", "FROMFILE")).config).toMatchObject({ durable_name: "FROMFILE", filter_subject: "orders.new", max_deliver: 9, max_ack_pending: 50 });
    const missing = await cli(["consumer", "add", "ORDERS", "X"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing consumer settings --pull or --target, --deliver, --ack, --replay");
    const noName = await cli(["consumer", "add", "ORDERS", "--pull", "--defaults"]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain("a consumer name is required");
  });

  // several filter subjects on one consumer need 2.10
  it.skipIf(serverAtLeast("2.10.0"))("several --filter subjects name the server version they need", async () => {
    const r = await cli(["consumer", "add", "ORDERS", "MULTI", "--pull", "--defaults", "--filter", "orders.new", "--filter", "orders.old"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^several --filter subjects requires NATS Server 2\.10\.0 or newer/));
  });

  it.skipIf(!serverAtLeast("2.10.0"))("several --filter subjects (2.10+)", async () => {
    const r = await cli(["consumer", "add", "ORDERS", "MULTI", "--pull", "--defaults", "--filter", "orders.new", "--filter", "orders.old"]);
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("ORDERS", "MULTI")).config.filter_subjects).toEqual(["orders.new", "orders.old"]);
    await jsm.consumers.delete("ORDERS", "MULTI");
  });

  it("a missing stream is exit 7 and a name in use with another config is exit 8", async () => {
    const r = await cli(["consumer", "add", "NOPE", "C", "--pull", "--defaults"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe(cliError('stream "NOPE" not found — `nats stream ls` lists them\n'));
    const dup = await cli(["consumer", "add", "ORDERS", "PULL", "--pull", "--defaults", "--filter", "orders.old"]);
    expect(dup.code).toBe(8);
    expect(dup.stderr).toBe(cliError("consumer ORDERS > PULL already exists — change it with `nats consumer edit`, or pick another name\n"));
  });
});

describe("consumer reading", () => {
  it("ls, names, JSON, info, state and report", async () => {
    const t = await cli(["consumer", "ls", "ORDERS"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/│ Name\s+│ Description\s+│ Created\s+│ Ack Pending │ Unprocessed │ Last Delivery │/);
    expect(t.stdout).toMatch(/│ PULL\s+│ pull it\s+│/);
    expect(JSON.parse((await cli(["consumer", "ls", "ORDERS", "--json"])).stdout)).toEqual(["FROMFILE", "PULL", "PUSH", "SEQ", "SINCE"]);
    const st = await cli(["con", "state", "ORDERS", "PULL"]);
    expect(st.stdout).toMatch(/^State for Consumer ORDERS > PULL created /);
    expect(st.stdout).not.toContain("Configuration:");
    expect(st.stdout).toMatch(/Last Delivered Message: Consumer sequence: 0 Stream sequence: 0/);
    const rep = await cli(["consumer", "report", "ORDERS"]);
    expect(rep.stdout).toContain("Consumer report for ORDERS with 5 consumers");
    // natscli's words and columns: capitalised ack policy, unprocessed with its share of the stream, API level
    expect(rep.stdout).toMatch(/│ Consumer\s+│ Mode │ Ack Policy │ Ack Wait │ Ack Pending │ Redelivered │ Unprocessed │ Ack Floor │ API Level │ Cluster │/);
    expect(rep.stdout).toMatch(/│ PUSH\s+│ Push\s+│ Explicit\s+│ 1\.00s\s+│ 0\s+│ 0\s+│ 1 \/ 20%\s+│/);
    expect(rep.stdout).toMatch(/│ PULL\s+│ Pull\s+│ Explicit\s+│ 10\.00s\s+│ 0\s+│ 0\s+│ 3 \/ 60%\s+│ 0\s+│ 0\s+│\s+│/);
    const raw = await cli(["consumer", "report", "ORDERS", "--raw"]);
    expect(raw.stdout).toMatch(/│ PULL\s+│ Pull\s+│ Explicit\s+│ 10s\s+│ 0\s+│ 0\s+│ 3\s+│/);
    const missing = await cli(["consumer", "info", "ORDERS", "NOPE"]);
    expect(missing.code).toBe(7);
    expect(missing.stderr).toBe(cliError('consumer "NOPE" not found in stream "ORDERS" — `nats consumer ls ORDERS` lists them\n'));
    const noName = await cli(["consumer", "info", "ORDERS"]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain("no consumer name supplied");
  });

  it("ls and report of a missing stream say so: exit 7, naming it", async () => {
    for (const verb of ["ls", "report"]) {
      const r = await cli(["consumer", verb, "NOPE"]);
      expect(r.code).toBe(7);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(cliError('stream "NOPE" not found — `nats stream ls` lists them\n'));
    }
  });

  it("next fetches, acks, naks and terms; --raw prints only bodies", async () => {
    const r = await cli(["consumer", "next", "ORDERS", "PULL"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[\d\d:\d\d:\d\d\] subj: orders\.new \/ tries: 1 \/ cons seq: 1 \/ str seq: 1 \/ pending: 2\n\norder 1\n\nAcknowledged message\n\n$/);
    const raw = await cli(["consumer", "next", "ORDERS", "PULL", "--raw", "--count", "2"]);
    expect(raw.stdout).toBe("order 2\norder 3\n");
    let ci = await jsm.consumers.info("ORDERS", "PULL");
    expect(ci.ack_floor.stream_seq).toBe(3);
    const nak = await cli(["consumer", "next", "ORDERS", "SEQ", "--nak"]);
    expect(nak.stdout).toContain("NAKed message");
    const again = await cli(["consumer", "next", "ORDERS", "SEQ", "--term"]);
    expect(again.stdout).toMatch(/tries: 2 .* str seq: 4 /);
    expect(again.stdout).toContain("Terminated message");
    const noAck = await cli(["consumer", "next", "ORDERS", "SEQ", "--no-ack"]);
    expect(noAck.stdout).toMatch(/str seq: 5 /);
    ci = await jsm.consumers.info("ORDERS", "SEQ");
    expect(ci.num_ack_pending).toBe(1);
    const empty = await cli(["consumer", "next", "ORDERS", "PULL", "--timeout", "1s"]);
    expect(empty.code).toBe(5);
    expect(empty.stderr).toMatch(/no message received from ORDERS > PULL within 1s/);
    const push = await cli(["consumer", "next", "ORDERS", "PUSH"]);
    expect(push.code).toBe(2);
    expect(push.stderr).toContain('consumer "PUSH" is not a Pull consumer');
  });
});

describe("consumer changes", () => {
  it("edit shows a diff, --dry-run exits 1, -f updates", async () => {
    const d = await cli(["consumer", "edit", "ORDERS", "PULL", "--max-pending", "10", "--dry-run"]);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain("Differences (-old +new):");
    expect(d.stdout).toContain("-   max_ack_pending: 50,");
    expect(d.stdout).toContain("+   max_ack_pending: 10,");
    expect((await jsm.consumers.info("ORDERS", "PULL")).config.max_ack_pending).toBe(50);
    const f = await cli(["consumer", "edit", "ORDERS", "PULL", "--max-pending", "10", "--description", "edited", "-f"]);
    expect(f.stderr).toBe("");
    expect(f.code).toBe(0);
    expect((await jsm.consumers.info("ORDERS", "PULL")).config).toMatchObject({ max_ack_pending: 10, description: "edited" });
  });

  it("edit --config removes what the file leaves out (the client merges updates onto the current config)", async () => {
    const { description: _d, ...cfg } = (await jsm.consumers.info("ORDERS", "PULL")).config;
    expect(_d).toBe("edited");
    const file = path.join(scratchDir("natsx-cfg-"), "pull.json");
    writeFileSync(file, JSON.stringify(cfg));
    const r = await cli(["consumer", "edit", "ORDERS", "PULL", "--config", file, "-f"]);
    expect(r.stdout).toContain('-   description: "edited",');
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("ORDERS", "PULL")).config.description).toBeUndefined();
  });

  it.skipIf(serverAtLeast("2.11.0"))("pause/resume on a pre-2.11 server say the server is too old at once (no 5 s timeout)", async () => {
    const p = await cli(["consumer", "pause", "ORDERS", "PULL", "1h", "-f"]);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(cliError(/^pausing consumers requires NATS Server 2\.11\.0 or newer, the server is 2\.\d+\.\d+ — upgrade the server\n$/));
    const r = await cli(["consumer", "resume", "ORDERS", "PULL", "-f"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("resuming consumers requires NATS Server 2.11.0");
  });

  // pausing needs the consumer pause API of 2.11
  it.skipIf(!serverAtLeast("2.11.0"))("pause and resume a consumer (2.11+)", async () => {
    const p = await cli(["consumer", "pause", "ORDERS", "PULL", "1h", "-f"]);
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/^Paused ORDERS > PULL until /);
    const r = await cli(["consumer", "resume", "ORDERS", "PULL", "-f"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/was resumed/);
  });

  it("rm needs -f without a TTY", async () => {
    const r = await cli(["consumer", "rm", "ORDERS", "SINCE"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot ask for confirmation without a terminal");
    const ok = await cli(["consumer", "rm", "ORDERS", "SINCE", "-f"]);
    expect(ok).toMatchObject({ code: 0, stdout: "" });
    await expect(jsm.consumers.info("ORDERS", "SINCE")).rejects.toThrow(/consumer not found/);
  });
});
