import { readFileSync } from "node:fs";
import * as path from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSchema } from "../helpers/json-schema.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, spawnCliBackground, startCli, cliError } from "../helpers/run-cli.js";

// Users of one JetStream account: `admin` may do anything; each other user lacks one permission the probe needs.
const AUTH = `
accounts {
  APP {
    jetstream: enabled
    users: [
      { user: admin, password: pass }
      { user: nosub, password: pass, permissions: { subscribe: { deny: ["natsx.probe.>"] } } }
      { user: nokv, password: pass, permissions: { publish: { deny: ["$KV.>"] } } }
      { user: noget, password: pass, permissions: { publish: { deny: ["$JS.API.STREAM.MSG.GET.>"] } } }
    ]
  }
}
`;
const as = (user: string) => ["--user", user, "--password", "pass"];
const schema = JSON.parse(readFileSync(path.resolve(__dirname, "../../docs/server-status.schema.json"), "utf8")) as Record<string, unknown>;

let js: NatsServer; // JetStream, no auth
let plain: NatsServer; // no JetStream
let auth: NatsServer; // JetStream, users with missing permissions

beforeAll(async () => {
  [js, plain, auth] = await Promise.all([
    startNatsServer({ jetstream: true }),
    startNatsServer(),
    startNatsServer({ jetstream: true, config: AUTH }),
  ]);
}, 30_000);
afterAll(async () => { await Promise.all([js?.stop(), plain?.stop(), auth?.stop()]); });

/** Every stream on the server (KV and object buckets are streams too): what the probe must not leave behind. */
async function streamsOn(url: string, user?: string): Promise<string[]> {
  const nc = await connect({ servers: url, ...(user ? { user, pass: "pass" } : {}) });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const n of jsm.streams.names()) names.push(n);
    return names;
  } finally {
    await nc.close();
  }
}

/** A responder on `subject` that answers after `delayMs` (never, when negative). */
async function responder(url: string, subject: string, delayMs: number): Promise<NatsConnection> {
  const nc = await connect({ servers: url });
  nc.subscribe(subject, { callback: (_e, m) => { if (delayMs >= 0) setTimeout(() => m.respond("pong"), delayMs); } });
  await nc.flush();
  return nc;
}

describe("server status --probe", () => {
  it("passes every step, prints each step's latency and removes what it made", async () => {
    const r = await runCli(["server", "status", "--probe", "-s", js.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Probe \(natsx\.probe\.[A-Z0-9]{8}\.\*\):/);
    for (const s of ["pubsub", "request", "jetstream", "kv", "object"]) expect(r.stdout).toMatch(new RegExp(`^\\s+${s}: ok in [\\d.]+(µs|ms|s)$`, "m"));
    expect(r.stdout).toMatch(/Cleanup: removed NATSX_PROBE_([A-Z0-9]{8}), KV_NATSX_PROBE_\1, OBJ_NATSX_PROBE_\1$/m);
    expect(r.stdout).toMatch(/Status: HEALTHY/);
    expect(r.stderr).not.toMatch(/probe/);
    expect(await streamsOn(js.url)).toEqual([]);
  });

  it("--json carries the probe, valid against the documented schema", async () => {
    const r = await runCli(["server", "status", "--probe", "--warn", "10s", "--crit", "20s", "-s", js.url, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validateSchema(schema, doc)).toEqual([]);
    expect(doc.probe.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual(["pubsub:ok", "request:ok", "jetstream:ok", "kv:ok", "object:ok"]);
    for (const s of doc.probe.steps) expect(s.latency_ms).toBeGreaterThan(0);
    expect(doc.probe).toMatchObject({ failed_step: null, reason: null, warn_ms: 10_000, crit_ms: 20_000, interrupted: false, cleanup: { ok: true, left: [] } });
    const id = doc.probe.id as string;
    expect(doc.probe.resources).toEqual({ subject_prefix: `natsx.probe.${id}`, stream: `NATSX_PROBE_${id}`, kv: `NATSX_PROBE_${id}`, object: `NATSX_PROBE_${id}` });
    expect(doc.probe.cleanup.removed).toEqual([`NATSX_PROBE_${id}`, `KV_NATSX_PROBE_${id}`, `OBJ_NATSX_PROBE_${id}`]);
    // without --probe the key is there and null
    const plainDoc = JSON.parse((await runCli(["server", "status", "-s", js.url, "--json"])).stdout);
    expect(plainDoc.probe).toBeNull();
    expect(validateSchema(schema, plainDoc)).toEqual([]);
  });

  it("--steps runs only the steps named, in that order", async () => {
    const r = await runCli(["server", "status", "--steps", "kv,pubsub", "-s", js.url, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.probe.steps.map((s: { name: string }) => s.name)).toEqual(["kv", "pubsub"]);
    expect(doc.probe.resources).toMatchObject({ stream: null, kv: `NATSX_PROBE_${doc.probe.id}`, object: null });
    expect(await streamsOn(js.url)).toEqual([]);
  });

  it("fails at the jetstream step without JetStream (exit 16) and says so in one line", async () => {
    const r = await runCli(["server", "status", "--probe", "-s", plain.url]);
    expect(r.code).toBe(16);
    expect(r.stdout).toMatch(/^\s+pubsub: ok in /m);
    expect(r.stdout).toMatch(/^\s+request: ok in /m);
    expect(r.stdout).toMatch(/^\s+jetstream: FAILED: JetStream is not enabled/m);
    expect(r.stdout).toMatch(/^\s+kv: skipped \(an earlier step failed\)$/m);
    expect(r.stdout).toMatch(/UNHEALTHY \(exit 16\)/);
    const lines = r.stderr.trim().split("\n").filter((l) => l.includes("probe"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nats: probe failed at step jetstream \(JetStream publish → ack → get\): JetStream is not enabled/);
  });

  it("fails at the pubsub step when subscribing is not permitted", async () => {
    const r = await runCli(["server", "status", "--probe", "-s", auth.url, ...as("nosub"), "--json"]);
    expect(r.code).toBe(16);
    const doc = JSON.parse(r.stdout);
    expect(doc.probe.failed_step).toBe("pubsub");
    expect(doc.probe.reason).toMatch(/^permission denied: subscription to "natsx\.probe\.[A-Z0-9]{8}\.pubsub" is not allowed/);
    expect(doc.problems).toEqual([{ check: "probe", code: 16, message: `step pubsub failed: ${doc.probe.reason}` }]);
    expect(r.stderr).toMatch(/^nats: probe failed at step pubsub \(core publish → subscribe\): permission denied/m);
  });

  it("fails at the kv step when KV writes are not permitted, and removes the stream and bucket it made", async () => {
    const r = await runCli(["server", "status", "--probe", "-s", auth.url, ...as("nokv"), "--json"]);
    expect(r.code).toBe(16);
    const doc = JSON.parse(r.stdout);
    expect(doc.probe.failed_step).toBe("kv");
    expect(doc.probe.reason).toMatch(/permission denied: publish to "\$KV\.NATSX_PROBE_[A-Z0-9]{8}\.probe"/);
    expect(doc.probe.steps.map((s: { status: string }) => s.status)).toEqual(["ok", "ok", "ok", "failed", "skipped"]);
    expect(doc.probe.cleanup).toEqual({ ok: true, removed: [`NATSX_PROBE_${doc.probe.id}`, `KV_NATSX_PROBE_${doc.probe.id}`], left: [] });
    expect(await streamsOn(auth.url, "admin")).toEqual([]);
  });

  it("fails at the jetstream step when reading back is not permitted, after creating its stream, which it removes", async () => {
    const r = await runCli(["server", "status", "--steps", "jetstream", "-s", auth.url, ...as("noget"), "--timeout", "2s"]);
    expect(r.code).toBe(16);
    expect(r.stderr).toMatch(/^nats: probe failed at step jetstream \(JetStream publish → ack → get\): permission denied: publish to "\$JS\.API\.STREAM\.MSG\.GET\.NATSX_PROBE_/m);
    expect(r.stdout).toMatch(/Cleanup: removed NATSX_PROBE_[A-Z0-9]{8}$/m);
    expect(await streamsOn(auth.url, "admin")).toEqual([]);
  });

  it("a slow responder against --crit exits 17; against --warn only it is a note", async () => {
    const svc = await responder(js.url, "probe.slow", 300);
    try {
      const r = await runCli(["server", "status", "--steps", "request", "--request-subject", "probe.slow", "--crit", "100ms", "-s", js.url]);
      expect(r.code).toBe(17);
      // the responder waits 300 ms; a loaded machine adds to that, never takes from it
      const took = Number(/^\s+request: CRIT in (\d+\.\d{3})ms$/m.exec(r.stdout)?.[1]);
      expect(took).toBeGreaterThanOrEqual(300);
      expect(r.stdout).toContain(`probe-latency: step request took ${took.toFixed(3)}ms, over --crit 100ms`);
      expect(r.stderr).toContain(`nats: probe step request (request → reply) took ${took.toFixed(3)}ms, over --crit 100ms\n`);
      const w = await runCli(["server", "status", "--steps", "request", "--request-subject", "probe.slow", "--warn", "100ms", "--crit", "5s", "-s", js.url, "--json"]);
      expect(w.code).toBe(0);
      const doc = JSON.parse(w.stdout);
      expect(doc.probe.steps[0].status).toBe("warn");
      expect(doc.notes).toEqual([expect.stringMatching(/^probe step request took \d{3,}\.\d{3}ms, over --warn 100ms$/)]);
    } finally {
      await svc.close();
    }
  });

  it("a --request-subject nobody serves fails the request step with no responders", async () => {
    const r = await runCli(["server", "status", "--steps", "request", "--request-subject", "probe.nobody", "-s", js.url]);
    expect(r.code).toBe(16);
    expect(r.stderr).toMatch(/^nats: probe failed at step request \(request → reply\): no responders are available for "probe\.nobody"$/m);
  });

  it("Ctrl-C in the middle removes the stream and bucket already made and exits 130", async () => {
    const svc = await responder(js.url, "probe.hang", -1);
    try {
      const run = startCli(["server", "status", "--steps", "jetstream,kv,request", "--request-subject", "probe.hang", "--timeout", "20s", "-s", js.url]);
      for (let i = 0; (await streamsOn(js.url)).filter((s) => s.startsWith("KV_NATSX_PROBE_")).length === 0; i++) {
        if (i > 200) throw new Error(`the probe never made its bucket: ${run.stderr()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      // the bucket shows up as soon as it is created: the interrupt lands inside the kv step or in the hung request
      run.abort();
      const r = await run.result;
      expect(r.code).toBe(130);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(cliError(/^interrupted during probe step (kv|request); removed NATSX_PROBE_([A-Z0-9]{8}), KV_NATSX_PROBE_\2$/m));
      expect(await streamsOn(js.url)).toEqual([]);
    } finally {
      await svc.close();
    }
  });

  it("SIGINT to the real process cleans up the same way", async () => {
    const svc = await responder(js.url, "probe.hang2", -1);
    try {
      const child = spawnCliBackground(["server", "status", "--steps", "object,request", "--request-subject", "probe.hang2", "--timeout", "20s", "-s", js.url]);
      for (let i = 0; (await streamsOn(js.url)).length === 0; i++) {
        if (i > 400) throw new Error(`the probe never made its object store: ${child.stderr()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      child.kill("SIGINT");
      const r = await child.result;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/interrupted during probe step (object|request); removed OBJ_NATSX_PROBE_[A-Z0-9]{8}$/m);
      expect(await streamsOn(js.url)).toEqual([]);
    } finally {
      await svc.close();
    }
  });

  it("refuses bad probe flags with exit 2", async () => {
    const bad = await runCli(["server", "status", "--steps", "pubsub,nope", "-s", js.url]);
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect(bad.stderr).toBe(cliError('invalid --steps value "nope" — pick from pubsub, request, jetstream, kv, object\n'));
    const order = await runCli(["server", "status", "--warn", "2s", "--crit", "1s", "-s", js.url]);
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/--warn 2s is longer than --crit 1s/);
    const mon = await runCli(["server", "status", "--probe", "--monitor", "http://127.0.0.1:1", "--monitor-only"]);
    expect(mon.code).toBe(2);
    expect(mon.stderr).toMatch(/--probe needs a NATS connection/);
  });
});
