import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { cliError, runCli } from "../helpers/run-cli.js";
import { natsServerVersion, serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { spawnCli, testDeps } from "../helpers/run-cli.js";
import { streamGaps } from "../../src/commands/stream/gaps.js";
import { jsOptions } from "../../src/context/plan.js";

// `stream find`, `stream gaps` and what `stream cluster` says on a single, unclustered server (natscli's
// TestStreamFind, TestStreamGaps); the cluster operations themselves are in jetstream-cluster.test.ts.
let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, "-s", server.url], opts);
const version = natsServerVersion();

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  // EMPTY: no messages; FULL: 3 messages and a consumer; MIRROR mirrors FULL; SRC sources FULL
  await jsm.streams.add({ name: "EMPTY", subjects: ["empty.>"], description: "nothing here" });
  await jsm.streams.add({ name: "FULL", subjects: ["full.>", "more.*"] });
  const js = jetstream(nc);
  for (let i = 0; i < 3; i++) await js.publish("full.x", `m${i}`);
  await jsm.consumers.add("FULL", { durable_name: "C1" });
  await jsm.streams.add({ name: "MIRROR", mirror: { name: "FULL" } });
  await jsm.streams.add({ name: "SRC", subjects: ["src.>"], sources: [{ name: "FULL" }] });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("stream find", () => {
  it("--empty and --empty --invert (natscli's cheat examples), as names, JSON and the ls table", async () => {
    let r = await cli(["stream", "find", "--empty", "-n"]);
    expect(r).toEqual({ code: 0, stdout: "EMPTY\n", stderr: "" });
    r = await cli(["stream", "find", "--empty", "--invert", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(["FULL", "MIRROR", "SRC"]);
    r = await cli(["stream", "query", "--empty"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ Name\s+│ Description\s+│ Created\s+│ Messages │ Size\s+│ Last Message │/);
    expect(r.stdout).toMatch(/│ EMPTY │ nothing here │ [\d-]+ [\d:]+ │ 0\s+│ 0 B\s+│ never\s+│/);
    expect(r.stdout).not.toContain("FULL");
  });

  it("--subject matches streams whose subjects fall under a wildcard; --consumers, --mirrored, --sourced, --replicas", async () => {
    expect((await cli(["stream", "find", "--subject", "full.>", "-n"])).stdout).toBe("FULL\n");
    expect((await cli(["stream", "find", "--subject", "more.x", "-n"])).stdout).toBe("");
    expect((await cli(["stream", "find", "--subject", "*.*", "-n"])).stdout).toBe("FULL\n");
    // at most N consumers
    expect((await cli(["stream", "find", "--consumers", "0", "-n"])).stdout).toBe("EMPTY\nMIRROR\nSRC\n");
    expect((await cli(["stream", "find", "--consumers", "1", "--invert", "-n"])).stdout).toBe("FULL\n");
    expect((await cli(["stream", "find", "--mirrored", "-n"])).stdout).toBe("MIRROR\n");
    expect((await cli(["stream", "find", "--sourced", "-n"])).stdout).toBe("SRC\n");
    expect((await cli(["stream", "find", "--replicas", "1", "-n"])).stdout).toBe("EMPTY\nFULL\nMIRROR\nSRC\n");
    // a single server: nothing is clustered, so nothing is led by or placed on a server
    expect((await cli(["stream", "find", "--leader", "n1", "-n"])).stdout).toBe("");
    expect((await cli(["stream", "find", "--server-name", ".", "-n"])).stdout).toBe("");
    expect((await cli(["stream", "find", "--server-name", ".", "--invert", "-n"])).stdout).toBe("EMPTY\nFULL\nMIRROR\nSRC\n");
  });

  it("--created and --idle take durations; several filters must all match", async () => {
    expect((await cli(["stream", "find", "--created", "1h", "-n"])).stdout).toBe("");
    expect((await cli(["stream", "find", "--created", "1h", "--invert", "-n"])).stdout).toBe("EMPTY\nFULL\nMIRROR\nSRC\n");
    // EMPTY never had a message: idle for ever
    expect((await cli(["stream", "find", "--idle", "1h", "-n"])).stdout).toBe("EMPTY\n");
    expect((await cli(["stream", "find", "--idle", "1h", "--consumers", "0", "--subject", "empty.>", "-n"])).stdout).toBe("EMPTY\n");
  });

  it("--expression over the server's documents (config, state, info)", async () => {
    let r = await cli(["stream", "find", "--expression", "state.messages > 2 and config.num_replicas == 1", "-n"]);
    expect(r).toEqual({ code: 0, stdout: "FULL\nMIRROR\nSRC\n", stderr: "" });
    r = await cli(["stream", "find", "--expression", 'config.name matches "^E" or len(config.sources) > 0', "-n"]);
    expect(r.stdout).toBe("EMPTY\nSRC\n");
    r = await cli(["stream", "find", "--expression", 'config.subjects contains "more.*"', "-n"]);
    expect(r.stdout).toBe("FULL\n");
    // the bin requires jexl from node_modules (it is kept out of the bundle)
    const bin = await spawnCli(["stream", "find", "--expression", "state.messages == 0", "-n", "-s", server.url]);
    expect(bin).toEqual({ code: 0, stdout: "EMPTY\n", stderr: "" });
    const bad = await cli(["stream", "find", "--expression", "state.messages >"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(cliError(/^invalid --expression "state\.messages >": /));
    const notBool = await cli(["stream", "find", "--expression", "state.messages"]);
    expect(notBool.code).toBe(2);
    expect(notBool.stderr).toContain("did not return a boolean");
  });

  it("--api-level: 0 lists every stream (natscli's TestStreamFind 'with 0')", async () => {
    const r = await cli(["stream", "find", "--api-level=0", "-n"]);
    expect(r.stdout).toBe("EMPTY\nFULL\nMIRROR\nSRC\n");
  });

  it.skipIf(serverAtLeast("2.11.0"))(`--api-level=1 finds nothing on ${version}: only NATS Server 2.11+ stamps the level an asset needs`, async () => {
    const r = await cli(["stream", "find", "--api-level=1", "-n"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it.skipIf(!serverAtLeast("2.11.0"))("--api-level=1 finds the stream that needs 2.11 (per-message TTL) and not the others (NATS Server 2.11+)", async () => {
    await jsm.streams.add({ name: "T2", subjects: ["t2"], allow_msg_ttl: true } as never);
    const r = await cli(["stream", "find", "--api-level=1", "-n"]);
    expect(r.stdout).toBe("T2\n");
    await jsm.streams.delete("T2");
  });

  it("bad values are one usage line each", async () => {
    for (const [args, msg] of [
      [["--idle", "5"], 'invalid --idle "5"'],
      [["--consumers", "x"], 'invalid --consumers "x"'],
      [["--server-name", "("], 'invalid --server-name regular expression "("'],
      [["--replicas", "-2"], 'invalid --replicas "-2"'],
    ] as const) {
      const r = await cli(["stream", "find", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.split("\n")[0]).toContain(msg);
    }
  });
});

describe("stream gaps", () => {
  it("a stream without deleted messages says so (natscli's TestStreamGaps)", async () => {
    const r = await cli(["stream", "gaps", "FULL", "--force"]);
    expect(r).toEqual({ code: 0, stdout: "No deleted messages in FULL\n", stderr: "" });
    expect(JSON.parse((await cli(["stream", "gaps", "FULL", "--json"])).stdout)).toEqual([]);
  });

  it("lists the runs of deleted messages, as a table and as JSON", async () => {
    await jsm.streams.add({ name: "HOLEY", subjects: ["holey"] });
    const js = jetstream(nc);
    for (let i = 1; i <= 10; i++) await js.publish("holey", `m${i}`);
    for (const seq of [3, 4, 5, 8]) await jsm.streams.deleteMessage("HOLEY", seq);
    const r = await cli(["stream", "gaps", "HOLEY"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("2 gaps found in Stream HOLEY");
    expect(r.stdout).toMatch(/│ First Message │ Last Message │\n├[─┼]+┤\n│ 3\s+│ 5\s+│\n│ 8\s+│ 8\s+│/);
    expect(JSON.parse((await cli(["stream", "gaps", "HOLEY", "--json"])).stdout)).toEqual([[3, 5], [8, 8]]);
  });

  it("reading the whole stream (past the deleted-details limit) finds the same gaps, trailing ones too; it asks first", async () => {
    await jsm.streams.add({ name: "HOLEY2", subjects: ["holey2"] });
    const js = jetstream(nc);
    for (let i = 1; i <= 12; i++) await js.publish("holey2", `m${i}`);
    for (const seq of [2, 6, 7, 12]) await jsm.streams.deleteMessage("HOLEY2", seq);
    const ctx = { js: jsOptions(5000) } as never;
    const deps = testDeps();
    const gaps = await streamGaps(deps, nc, ctx, "HOLEY2", { force: true, json: true, detailsLimit: 0 });
    const si = await jsm.streams.info("HOLEY2");
    // the server keeps the last sequence of a deleted last message
    const expected: [number, number][] = si.state.last_seq === 12 ? [[2, 2], [6, 7], [12, 12]] : [[2, 2], [6, 7]];
    expect(gaps).toEqual(expected);
    await expect(streamGaps(deps, nc, ctx, "HOLEY2", { detailsLimit: 0 })).rejects.toThrow(/cannot ask for confirmation without a terminal/);
  });

  it("a missing stream is exit 7", async () => {
    const r = await cli(["stream", "gaps", "NOPE", "-f"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe(cliError('stream "NOPE" not found — `nats stream ls` lists them') + "\n");
  });
});

describe("stream cluster on a single server", () => {
  it("step-down and peer-remove of an unclustered stream say so (exit 1)", async () => {
    let r = await cli(["stream", "cluster", "step-down", "FULL"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^stream "FULL" is not clustered/));
    r = await cli(["stream", "cluster", "peer-remove", "FULL", "n1", "-f"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^stream "FULL" is not clustered/));
  });

  it.skipIf(serverAtLeast("2.11.0"))(`balance and --preferred are refused on ${version}: moving a leader to a chosen server needs NATS Server 2.11`, async () => {
    let r = await cli(["stream", "cluster", "balance"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(new RegExp(`^stream cluster balance requires NATS Server 2\\.11\\.0 or newer, the server is ${version.replace(/\./g, "\\.")}`)));
    r = await cli(["stream", "cluster", "balance", "--consumers", "x"]);
    expect(r.code).toBe(2);
  });

  it("a bare `stream cluster` lists its sub-commands", async () => {
    const r = await cli(["stream", "cluster"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("step-down, balance, peer-remove");
  });
});

describe("stream edit --no-mirror (mirror promotion, natscli's TestStreamEditMirrorPromote)", () => {
  it.skipIf(serverAtLeast("2.12.0"))(`is refused on ${version} with the version it needs, and the mirror is left as it was: servers before 2.12 cannot change a mirror`, async () => {
    const r = await cli(["stream", "edit", "MIRROR", "--no-mirror", "--force"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(new RegExp(`^promoting a mirror with --no-mirror requires NATS Server 2\\.12\\.0 or newer, the server is ${version.replace(/\./g, "\\.")}`)));
    expect((await jsm.streams.info("MIRROR")).config.mirror?.name).toBe("FULL");
  });

  it.skipIf(!serverAtLeast("2.12.0"))("promotes the mirror to a normal stream (NATS Server 2.12+)", async () => {
    await jsm.streams.add({ name: "PROMOTE", mirror: { name: "FULL" } });
    const r = await cli(["stream", "edit", "PROMOTE", "--no-mirror", "--force"]);
    expect(r.code).toBe(0);
    const si = await jsm.streams.info("PROMOTE");
    expect(si.config.mirror).toBeUndefined();
    expect(si.mirror).toBeUndefined();
  });

  it("a stream that is no mirror is a usage error", async () => {
    const r = await cli(["stream", "edit", "FULL", "--no-mirror", "-f"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^stream FULL is not a mirror/));
  });
});
