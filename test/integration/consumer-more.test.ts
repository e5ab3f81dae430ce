import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { cliError, runCli, startCli } from "../helpers/run-cli.js";
import { natsServerVersion, serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// consumer find, copy, sub, unpin, cluster (single server) and the create flags natscli has
// (natscli's TestConsumerFind, TestConsumerCopy, TestConsumerSub, TestConsumerUnpin).
let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, "-s", server.url], opts);
const version = natsServerVersion();
const v = version.replace(/\./g, "\\.");

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "TEST_STREAM", subjects: ["TEST_STREAM.*"] });
  const js = jetstream(nc);
  for (let i = 1; i <= 4; i++) await js.publish("TEST_STREAM.new", `test message ${i}`);
  // PULL1: explicit acks, filtered (natscli's setupConsumerTest); PUSH1: a push consumer nobody listens to
  await jsm.consumers.add("TEST_STREAM", { durable_name: "PULL1", ack_policy: AckPolicy.Explicit, filter_subject: "TEST_STREAM.new" });
  await jsm.consumers.add("TEST_STREAM", { durable_name: "PUSH1", ack_policy: AckPolicy.Explicit, deliver_subject: "push1.out" });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("consumer find", () => {
  it("--pull, --push and --invert (natscli's TestConsumerFind --pull)", async () => {
    expect(await cli(["consumer", "find", "TEST_STREAM", "--pull"])).toEqual({ code: 0, stdout: "PULL1\n", stderr: "" });
    expect((await cli(["consumer", "find", "TEST_STREAM", "--push"])).stdout).toBe("PUSH1\n");
    expect((await cli(["consumer", "query", "TEST_STREAM", "--pull", "--invert"])).stdout).toBe("PUSH1\n");
    expect(JSON.parse((await cli(["consumer", "find", "TEST_STREAM", "--json"])).stdout)).toEqual(["PULL1", "PUSH1"]);
  });

  it("--pending, --bound, --idle, --created, --replicas and --expression", async () => {
    // fewer than 10 unprocessed (and some): PULL1 has 4, PUSH1 too
    expect((await cli(["consumer", "find", "TEST_STREAM", "--pending", "10"])).stdout).toBe("PULL1\nPUSH1\n");
    expect((await cli(["consumer", "find", "TEST_STREAM", "--pending", "3"])).stdout).toBe("");
    expect((await cli(["consumer", "find", "TEST_STREAM", "--bound"])).stdout).toBe("");
    // nothing delivered yet: both idle
    expect((await cli(["consumer", "find", "TEST_STREAM", "--idle", "1m"])).stdout).toBe("PULL1\nPUSH1\n");
    expect((await cli(["consumer", "find", "TEST_STREAM", "--created", "1h"])).stdout).toBe("");
    expect((await cli(["consumer", "find", "TEST_STREAM", "--replicas", "1"])).stdout).toBe("PULL1\nPUSH1\n");
    expect((await cli(["consumer", "find", "TEST_STREAM", "--expression", 'config.ack_policy == "explicit" and config.filter_subject == "TEST_STREAM.new"'])).stdout).toBe("PULL1\n");
    expect((await cli(["consumer", "find", "TEST_STREAM", "--expression", "state.num_pending >= 4"])).stdout).toBe("PULL1\nPUSH1\n");
  });

  it("--api-level=0 lists every consumer (TestConsumerFind 'with 0')", async () => {
    expect((await cli(["consumer", "find", "TEST_STREAM", "--api-level=0"])).stdout).toBe("PULL1\nPUSH1\n");
  });

  it.skipIf(serverAtLeast("2.11.0"))(`--api-level=1 finds nothing on ${version}: the server stamps the API level a consumer needs from 2.11 on`, async () => {
    expect(await cli(["consumer", "find", "TEST_STREAM", "--api-level=1"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it.skipIf(!serverAtLeast("2.11.0"))("--api-level=1 finds the paused consumer only (NATS Server 2.11+)", async () => {
    await jsm.consumers.add("TEST_STREAM", { durable_name: "C2", pause_until: new Date().toISOString() } as never);
    expect((await cli(["consumer", "find", "TEST_STREAM", "--api-level=1"])).stdout).toBe("C2\n");
    await jsm.consumers.delete("TEST_STREAM", "C2");
  });

  it("a missing stream is exit 7; bad values one usage line", async () => {
    const r = await cli(["consumer", "find", "NOPE", "--pull"]);
    expect(r.code).toBe(7);
    const bad = await cli(["consumer", "find", "TEST_STREAM", "--idle", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(cliError(/^invalid --idle "soon"/));
  });
});

describe("consumer copy", () => {
  it("copies the configuration under the new name and shows it (natscli's TestConsumerCopy)", async () => {
    const r = await cli(["consumer", "copy", "TEST_STREAM", "PULL1", "COPY_1"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Information for Consumer TEST_STREAM > COPY_1 created /);
    expect(r.stdout).toMatch(/\n\s+Last Delivered Message: Consumer sequence: 0 Stream sequence: 0\n/);
    expect(r.stdout).toMatch(/\n\s+Waiting Pulls: 0 of maximum 512\n/);
    const ci = await jsm.consumers.info("TEST_STREAM", "COPY_1");
    expect(ci.config).toMatchObject({ durable_name: "COPY_1", ack_policy: "explicit", filter_subject: "TEST_STREAM.new" });
  });

  it("create flags override the copy; `cp --pull` of a push consumer drops the push settings", async () => {
    let r = await cli(["consumer", "cp", "TEST_STREAM", "PULL1", "COPY_2", "--max-deliver", "7", "--filter", "TEST_STREAM.other", "--description", "copied", "--wait", "5s", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).config).toMatchObject({ durable_name: "COPY_2", max_deliver: 7, filter_subject: "TEST_STREAM.other", description: "copied", ack_wait: 5e9 });
    r = await cli(["consumer", "copy", "TEST_STREAM", "PUSH1", "PULLED", "--pull", "--max-waiting", "20"]);
    expect(r.code).toBe(0);
    const ci = await jsm.consumers.info("TEST_STREAM", "PULLED");
    expect(ci.config.deliver_subject).toBeUndefined();
    expect(ci.config.max_waiting).toBe(20);
    // natscli's TestCLIConsumerCopy: --max-pending 0 takes the server's default
    r = await cli(["con", "cp", "TEST_STREAM", "PULL1", "PULL0", "--pull", "--max-pending", "0"]);
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("TEST_STREAM", "PULL0")).config.max_ack_pending).toBe(1000);
    r = await cli(["consumer", "copy", "TEST_STREAM", "PULL1", "PUSHED", "--target", "pushed.out", "--heartbeat", "5s"]);
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("TEST_STREAM", "PUSHED")).config).toMatchObject({ deliver_subject: "pushed.out", idle_heartbeat: 5e9 });
  });

  it("refuses an existing destination (exit 8), a missing source (exit 7) and a missing argument (exit 2)", async () => {
    let r = await cli(["consumer", "copy", "TEST_STREAM", "PULL1", "PUSH1"]);
    expect(r).toEqual({ code: 8, stdout: "", stderr: cliError("consumer TEST_STREAM > PUSH1 already exists — pick another destination name") + "\n" });
    r = await cli(["consumer", "copy", "TEST_STREAM", "NOPE", "X1"]);
    expect(r.code).toBe(7);
    r = await cli(["consumer", "copy", "TEST_STREAM", "PULL1"]);
    expect(r.code).toBe(2);
    r = await cli(["consumer", "copy", "TEST_STREAM", "PULL1", "X.Y"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("durable names may not contain");
  });
});

describe("consumer sub", () => {
  it("on a pull consumer shows one message and acknowledges it (natscli's TestConsumerSub)", async () => {
    const r = await cli(["consumer", "sub", "TEST_STREAM", "PULL1"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[\d\d:\d\d:\d\d\] subj: TEST_STREAM\.new \/ tries: 1 \/ cons seq: 1 \/ str seq: 1 \/ pending: 3\n\ntest message 1\n\nAcknowledged message\n\n$/);
    const ci = await jsm.consumers.info("TEST_STREAM", "PULL1");
    expect(ci.ack_floor.stream_seq).toBe(1);
    const noAck = await cli(["consumer", "sub", "TEST_STREAM", "PULL1", "--no-ack", "--raw"]);
    expect(noAck).toEqual({ code: 0, stdout: "test message 2\n", stderr: "" });
    expect((await jsm.consumers.info("TEST_STREAM", "PULL1")).num_ack_pending).toBe(1);
  });

  it("on a push consumer subscribes to its delivery subject, shows headers and bodies, acknowledges until --count", async () => {
    await jsm.streams.add({ name: "PUSHSUB", subjects: ["pushsub.*"] });
    await jsm.consumers.add("PUSHSUB", { durable_name: "P", ack_policy: AckPolicy.Explicit, deliver_subject: "pushsub.deliver.p" });
    const h = headers();
    h.set("Order", "42");
    const js = jetstream(nc);
    await js.publish("pushsub.a", "first", { headers: h });
    await js.publish("pushsub.a", "second\n");
    const run = startCli(["consumer", "sub", "PUSHSUB", "P", "--count", "2", "-s", server.url]);
    const r = await run.result;
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp([
      "^Subscribing to topic pushsub\\.deliver\\.p auto acknowledgment: true\\n\\n",
      "Consumer Info:\\n  Ack Policy: Explicit\\n    Ack Wait: 30s\\n\\n",
      "\\[\\d\\d:\\d\\d:\\d\\d\\] subj: pushsub\\.a / tries: 1 / cons seq: 1 / str seq: 1 / pending: 1\\n\\nHeaders:\\n\\n   Order: 42\\n\\nData:\\nfirst\\n\\n",
      "\\[\\d\\d:\\d\\d:\\d\\d\\] subj: pushsub\\.a / tries: 1 / cons seq: 2 / str seq: 2 / pending: 0\\nsecond\\n\\n$",
    ].join("")));
    await nc.flush();
    const ci = await jsm.consumers.info("PUSHSUB", "P");
    expect(ci.num_ack_pending).toBe(0);
    expect(ci.ack_floor.stream_seq).toBe(2);
  });

  it("Ctrl-C ends a push subscription cleanly; a second subscriber to the bound consumer is refused", async () => {
    const run = startCli(["consumer", "sub", "PUSHSUB", "P", "--raw", "-s", server.url]);
    await jetstream(nc).publish("pushsub.b", "third");
    await run.waitFor("third\n");
    // a push consumer without a deliver group serves one subscriber: a second one is a conflict, said up front
    const second = await cli(["consumer", "sub", "PUSHSUB", "P"]);
    expect(second).toEqual({ code: 8, stdout: "", stderr: cliError("push consumer PUSHSUB > P is already bound to a subscriber — a push consumer without a deliver group serves one subscriber at a time: stop the other one") + "\n" });
    const viaSub = await cli(["sub", "--stream", "PUSHSUB", "--durable", "P"]);
    expect(viaSub.code).toBe(8);
    run.abort();
    const r = await run.result;
    expect(r.stdout).toBe("third\n");
    expect([0, 130]).toContain(r.code);
  });
});

describe("consumer unpin", () => {
  it.skipIf(serverAtLeast("2.11.0"))(`is refused on ${version}: priority groups and pinned clients need NATS Server 2.11`, async () => {
    const r = await cli(["consumer", "unpin", "TEST_STREAM", "PULL1", "g", "-f"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(new RegExp(`^unpinning a consumer requires NATS Server 2\\.11\\.0 or newer, the server is ${v}`)));
  });

  it.skipIf(!serverAtLeast("2.11.0"))("unpins the pinned client of a group (natscli's TestConsumerUnpin, NATS Server 2.11+)", async () => {
    const add = await cli(["consumer", "add", "TEST_STREAM", "PINNED", "--pull", "--defaults", "--pinned-groups", "PINNED_GROUP", "--pinned-ttl", "1m"]);
    expect(add.code).toBe(0);
    await nc.request("$JS.API.CONSUMER.MSG.NEXT.TEST_STREAM.PINNED", JSON.stringify({ batch: 1, expires: 1e9, group: "PINNED_GROUP" }), { timeout: 2000 });
    const refused = await cli(["consumer", "unpin", "TEST_STREAM", "PINNED", "PINNED_GROUP"]);
    expect(refused.code).toBe(2);
    const r = await cli(["consumer", "unpin", "TEST_STREAM", "PINNED", "PINNED_GROUP", "-f"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Unpinned client .+ from Priority Group TEST_STREAM > PINNED > PINNED_GROUP\n$/);
  });
});

describe("consumer create flags natscli has", () => {
  it("--no-headers-only turns headers-only off on edit; --headers-only on add", async () => {
    let r = await cli(["consumer", "add", "TEST_STREAM", "HDRS", "--pull", "--defaults", "--headers-only"]);
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("TEST_STREAM", "HDRS")).config.headers_only).toBe(true);
    r = await cli(["consumer", "edit", "TEST_STREAM", "HDRS", "--no-headers-only", "-f"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("-   headers_only: true,\n+   headers_only: false,");
    expect((await jsm.consumers.info("TEST_STREAM", "HDRS")).config.headers_only).toBeFalsy();
  });

  it("--backoff linear with steps, then --backoff none removes it", async () => {
    let r = await cli(["consumer", "add", "TEST_STREAM", "BACK", "--pull", "--defaults", "--backoff", "linear", "--backoff-steps", "4", "--backoff-min", "10s", "--backoff-max", "40s"]);
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("TEST_STREAM", "BACK")).config).toMatchObject({ backoff: [10e9, 20e9, 30e9, 40e9], max_deliver: 5 });
    r = await cli(["consumer", "edit", "TEST_STREAM", "BACK", "--backoff", "none", "-f"]);
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("TEST_STREAM", "BACK")).config.backoff ?? []).toEqual([]);
    const bad = await cli(["consumer", "edit", "TEST_STREAM", "BACK", "--backoff", "exponential", "-f"]);
    expect(bad.code).toBe(2);
  });

  it("push-only settings on a pull consumer and clashing priority groups are refused before connecting", async () => {
    for (const [args, msg] of [
      [["--bps", "1000"], "rate limits are only possible on Push consumers"],
      [["--heartbeat", "5s"], "pull subscribers does not support idle heartbeats"],
      [["--pinned-groups", "a", "--overflow-groups", "b"], "setting both overflow and pinned groups are not supported"],
      [["--pinned-ttl", "1m"], "--pinned-ttl needs --pinned-groups"],
    ] as const) {
      const r = await runCli(["consumer", "add", "TEST_STREAM", "X", "--pull", "--defaults", ...args, "-s", "nats://127.0.0.1:1"]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(cliError(new RegExp(`^${msg}`)));
    }
  });

  it.skipIf(serverAtLeast("2.14.0"))(`priority groups and --ack flow_control name the server version they need (${version})`, async () => {
    const cases: [string[], string][] = [[["--ack", "flow_control", "--target", "fc.out"], "--ack flow_control requires NATS Server 2.14.0"]];
    if (!serverAtLeast("2.11.0")) cases.push([["--pinned-groups", "g", "--pull"], "--pinned-groups requires NATS Server 2.11.0"], [["--overflow-groups", "g", "--pull"], "--overflow-groups requires NATS Server 2.11.0"]);
    if (!serverAtLeast("2.12.0")) cases.push([["--prioritized-groups", "g", "--pull"], "--prioritized-groups requires NATS Server 2.12.0"]);
    for (const [args, msg] of cases) {
      const r = await cli(["consumer", "add", "TEST_STREAM", "GATED", "--defaults", ...args]);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(cliError(new RegExp(`^${msg}`)));
    }
    await expect(jsm.consumers.info("TEST_STREAM", "GATED")).rejects.toThrow();
  });

  it.skipIf(!serverAtLeast("2.11.0"))("--pinned-groups and --overflow-groups create priority consumers (NATS Server 2.11+)", async () => {
    let r = await cli(["consumer", "add", "TEST_STREAM", "PRIO1", "--pull", "--defaults", "--pinned-groups", "a,b", "--pinned-ttl", "30s"]);
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("TEST_STREAM", "PRIO1")).config).toMatchObject({ priority_policy: "pinned_client", priority_groups: ["a", "b"], priority_timeout: 30e9 });
    r = await cli(["consumer", "add", "TEST_STREAM", "PRIO2", "--pull", "--defaults", "--overflow-groups", "jobs"]);
    expect(r.code).toBe(0);
    expect((await jsm.consumers.info("TEST_STREAM", "PRIO2")).config).toMatchObject({ priority_policy: "overflow", priority_groups: ["jobs"] });
  });
});

describe("consumer cluster on a single server", () => {
  it("step-down of an unclustered consumer says so (exit 1)", async () => {
    const r = await cli(["consumer", "cluster", "step-down", "TEST_STREAM", "PULL1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^consumer "TEST_STREAM" > "PULL1" is not clustered/));
  });

  it.skipIf(serverAtLeast("2.11.0"))(`balance is refused on ${version}: moving a leader to a chosen server needs NATS Server 2.11`, async () => {
    const r = await cli(["consumer", "cluster", "balance", "TEST_STREAM"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(new RegExp(`^consumer cluster balance requires NATS Server 2\\.11\\.0 or newer, the server is ${v}`)));
  });
});
