import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Svcm, type Service } from "@nats-io/services";
import { cliError, runCli, spawnCli } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { scratchDir } from "../helpers/scratch.js";
import { validateAgainst } from "../../src/commands/schema/shared.js";
import { cheatExamples, cheatLabelFor } from "../../src/commands/shared/cheats.js";

// `nats errors`, `nats schema` and `nats cheat` over the data natsx ships (data/: nats-server's errors.json, jsm.go's
// schemas, natscli's cheat sheets); `schema request` against a real server and a real micro service.
let server: NatsServer;
let nc: NatsConnection;
let svc: Service;
const sources = JSON.parse(readFileSync(new URL("../../data/SOURCES.json", import.meta.url), "utf8")) as Record<string, { ref: string; count: number }>;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  svc = await new Svcm(nc).add({ name: "svc", version: "1.0.0", description: "a service" });
  svc.addEndpoint("echo", { subject: "svc.echo", handler: (err, m) => { if (!err) m.respond(m.data); } });
  await nc.flush();
});
afterAll(async () => {
  await svc?.stop().catch(() => undefined);
  await nc?.close();
  await server?.stop();
});

describe("errors", () => {
  it("the table is nats-server's errors.json of the release SOURCES.json names", () => {
    const table = JSON.parse(readFileSync(new URL("../../data/server-errors.json", import.meta.url), "utf8")) as { error_code: number }[];
    expect(sources.server_errors!.ref).toMatch(/^v2\.\d+\.\d+$/);
    expect(table).toHaveLength(sources.server_errors!.count);
    expect(table.length).toBeGreaterThan(200);
  });

  it("lookup shows one code (natscli's screen); an unknown code is exit 7", async () => {
    let r = await runCli(["errors", "lookup", "10059"]);
    expect(r).toEqual({ code: 0, stderr: "", stdout: "NATS Error Code: 10059\n\n        Description: stream not found\n          HTTP Code: 404\n  Go Index Constant: JSStreamNotFoundErr\n\n No further information available\n" });
    r = await runCli(["err", "show", "10059", "--json"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ constant: "JSStreamNotFoundErr", code: 404, error_code: 10059, description: "stream not found" });
    r = await runCli(["errors", "lookup", "1"]);
    expect(r).toEqual({ code: 7, stdout: "", stderr: cliError("no error matches code 1 — `nats errors ls` lists them") + "\n" });
    r = await runCli(["errors", "lookup", "abc"]);
    expect(r.code).toBe(2);
  });

  it("ls filters by regular expression over every field and sorts by code, HTTP status or description, -R reversed", async () => {
    let r = await runCli(["errors", "ls", "stream not found"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("NATS Errors");
    expect(r.stdout).toMatch(/│ NATS Code │ HTTP Error Code │ Description\s+│ Comment │ Go Constant\s+│/);
    expect(r.stdout).toMatch(/│ 10059\s+│ 404\s+│ stream not found\s+│\s+│ JSStreamNotFoundErr\s+│/);
    const codes = (JSON.parse((await runCli(["errors", "ls", "consumer", "--json"])).stdout) as { error_code: number }[]).map((e) => e.error_code);
    expect(codes.length).toBeGreaterThan(20);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    const rev = (JSON.parse((await runCli(["errors", "ls", "consumer", "http", "-R", "--json"])).stdout) as { code: number }[]).map((e) => e.code);
    expect(rev).toEqual([...rev].sort((a, b) => b - a));
    const byConst = JSON.parse((await runCli(["errors", "ls", "JSStreamNotFoundErr".toLowerCase(), "--json"])).stdout) as { error_code: number }[];
    expect(byConst.map((e) => e.error_code)).toContain(10059);
    r = await runCli(["errors", "ls", "zzzz-nothing"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(cliError(/^no errors found matching regular expression zzzz-nothing/));
    r = await runCli(["errors", "ls", ".", "size"]);
    expect(r.code).toBe(2);
  });

  it("validate checks a file natscli's way (nats-server's own table has tokens in ten descriptions without the F suffix)", async () => {
    const shipped = await runCli(["errors", "validate"]);
    expect(shipped.code).toBe(1);
    expect(shipped.stdout).toContain("10154 failed: constants for errors with tokens must end in F like JSStreamMsgDeleteFailedF\n");
    expect(shipped.stderr).toMatch(cliError(new RegExp(`^the errors table is invalid: \\d+ of ${sources.server_errors!.count} definitions failed`)));
    const dirOk = scratchDir("natsx-errors-");
    const good = path.join(dirOk, "good.json");
    writeFileSync(good, JSON.stringify([{ constant: "JSGoodErrF", code: 400, error_code: 10998, description: "good {thing}", comment: "", help: "", url: "", deprecates: "" }]));
    expect(await runCli(["errors", "validate", good])).toEqual({ code: 0, stdout: "Validated 1 errors\n", stderr: "" });
    const dir = scratchDir("natsx-errors-");
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify([{ constant: "JSBad", code: 400, error_code: 10999, description: "bad {thing}", comment: "", help: "", url: "", deprecates: "" }]));
    const r = await runCli(["errors", "validate", bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("10999 failed: constants for errors with tokens must end in F like JSStreamMsgDeleteFailedF\n");
    expect(r.stderr).toMatch(cliError(/^.*bad\.json is invalid: 1 of 1 definitions failed/));
    // --errors points every verb at another file
    expect((await runCli(["errors", "--errors", bad, "lookup", "10999", "--json"])).stdout).toContain("JSBad");
  });

  it("edit changes one code in $EDITOR and rewrites the file; add picks the next code; an invalid edit changes nothing", async () => {
    const dir = scratchDir("natsx-errors-");
    const file = path.join(dir, "errors.json");
    writeFileSync(file, readFileSync(new URL("../../data/server-errors.json", import.meta.url)));
    // an "editor" that rewrites the description in the file it is given
    const editor = path.join(dir, "ed.sh");
    writeFileSync(editor, "#!/bin/sh\nsed -i 's/\"description\": \"[^\"]*\"/\"description\": \"edited by test\"/' \"$1\"\n");
    chmodSync(editor, 0o755);
    let r = await runCli(["errors", "edit", file, "10059"], { env: { EDITOR: editor } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Validated ${sources.server_errors!.count} errors\n`);
    let table = JSON.parse(readFileSync(file, "utf8")) as { error_code: number; description: string; constant: string }[];
    expect(table.find((e) => e.error_code === 10059)).toMatchObject({ description: "edited by test", constant: "JSStreamNotFoundErr" });
    const highest = Math.max(...table.map((e) => e.error_code));
    const adder = path.join(dir, "add.sh");
    writeFileSync(adder, "#!/bin/sh\nsed -i -e 's/\"constant\": \"\"/\"constant\": \"JSTestErr\"/' -e 's/\"code\": 0/\"code\": 400/' -e 's/\"description\": \"\"/\"description\": \"a test error\"/' \"$1\"\n");
    chmodSync(adder, 0o755);
    r = await runCli(["errors", "add", file], { env: { EDITOR: adder } });
    expect(r.code).toBe(0);
    table = JSON.parse(readFileSync(file, "utf8"));
    expect(table.at(-1)).toMatchObject({ error_code: highest + 1, constant: "JSTestErr", code: 400, description: "a test error" });
    const before = readFileSync(file, "utf8");
    r = await runCli(["errors", "edit", file], { env: { EDITOR: "true" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^Invalid error specification: code is required, constant is required, description is required; .* was not changed/));
    expect(readFileSync(file, "utf8")).toBe(before);
  });
});

describe("schema", () => {
  it("search lists jsm.go's schema IDs by regular expression (text and --json)", async () => {
    let r = await runCli(["schema", "search", "stream_info"]);
    expect(r).toEqual({ code: 0, stderr: "", stdout: "Matched Schemas:\n\n  io.nats.jetstream.api.v1.stream_info_request\n  io.nats.jetstream.api.v1.stream_info_response\n" });
    const all = JSON.parse((await runCli(["schema", "ls", "--json"])).stdout) as string[];
    expect(all).toHaveLength(sources.schemas!.count);
    expect(all).toContain("io.nats.micro.v1.info_response");
    expect(all).toContain("io.nats.jetstream.advisory.v1.api_audit");
    r = await runCli(["schema", "search", "nothing-like-this"]);
    expect(r).toEqual({ code: 0, stdout: 'No schemas matched "nothing-like-this"\n', stderr: "" });
  });

  it("info prints a schema as JSON or YAML; an unknown ID is exit 7", async () => {
    let r = await runCli(["schema", "info", "io.nats.jetstream.api.v1.stream_msg_get_request"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ title: "io.nats.jetstream.api.v1.stream_msg_get_request", $schema: "http://json-schema.org/draft-07/schema#" });
    r = await runCli(["schema", "show", "io.nats.jetstream.api.v1.stream_msg_get_request", "--yaml"]);
    expect(r.stdout).toMatch(/^\$schema: http:\/\/json-schema\.org\/draft-07\/schema#\n/m);
    expect(r.stdout).toContain("title: io.nats.jetstream.api.v1.stream_msg_get_request");
    r = await runCli(["schema", "info", "io.nats.nope.v1.x"]);
    expect(r).toEqual({ code: 7, stdout: "", stderr: cliError("unknown schema type io.nats.nope.v1.x — `nats schema search` lists them") + "\n" });
    r = await runCli(["schema", "info", "io.nats.../../etc"]);
    expect(r.code).toBe(7);
  });

  it("validate: a file or stdin; the problems with exit 1; --json is the list of problems", async () => {
    const dir = scratchDir("natsx-schema-");
    const good = path.join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ name: "S", subjects: ["a"], retention: "limits", max_consumers: -1, max_msgs: -1, max_bytes: -1, max_age: 0, storage: "file", num_replicas: 1 }));
    let r = await runCli(["schema", "validate", "io.nats.jetstream.api.v1.stream_configuration", good]);
    expect(r).toEqual({ code: 0, stdout: `${good} validates against io.nats.jetstream.api.v1.stream_configuration\n`, stderr: "" });
    r = await runCli(["schema", "check", "io.nats.jetstream.api.v1.stream_configuration", "-"], { stdin: JSON.stringify({ name: "X.X", retention: "limits", max_consumers: -2, max_msgs: -1, max_bytes: -1, max_age: 0, storage: "file", num_replicas: 1 }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Validation errors in -:\n\n {2}\/name: must match pattern "\^\[\^\.\*>\]\*\$"\n {2}\/max_consumers: must be >= -1\n$/);
    r = await runCli(["schema", "validate", "io.nats.jetstream.api.v1.stream_configuration", good, "--json"]);
    expect(JSON.parse(r.stdout)).toEqual([]);
    r = await runCli(["schema", "validate", "io.nats.jetstream.api.v1.stream_configuration", path.join(dir, "missing.json")]);
    expect(r.code).toBe(7);
    writeFileSync(path.join(dir, "broken.json"), "{nope");
    r = await runCli(["schema", "validate", "io.nats.jetstream.api.v1.stream_configuration", path.join(dir, "broken.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^could not parse JSON data in/));
  });

  it("request validates a real JetStream API reply and a micro service reply against the schema their type names", async () => {
    let r = await runCli(["schema", "request", "$JS.API.INFO", "-s", server.url]);
    expect(r).toEqual({ code: 0, stdout: "Response is a valid io.nats.jetstream.api.v1.account_info_response message\n", stderr: "" });
    r = await runCli(["schema", "req", "$SRV.INFO.svc", "", "--schema", "io.nats.micro.v1.info_response", "--show", "-s", server.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\{\n[\s\S]*\n {2}"name": "svc",\n[\s\S]*\n\}\n\nResponse is a valid io\.nats\.micro\.v1\.info_response message\n$/);
    r = await runCli(["schema", "request", "$SRV.PING.svc", "", "--schema", "io.nats.micro.v1.info_response", "-s", server.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^invalid message type io\.nats\.micro\.v1\.ping_response/));
    r = await runCli(["schema", "request", "svc.echo", '{"a":1}', "-s", server.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^could not determine the message type/));
  });

  it("ajv is loaded from node_modules by the bin (it stays out of the bundle)", async () => {
    const r = await spawnCli(["schema", "validate", "io.nats.jetstream.api.v1.consumer_configuration", "-"], { stdin: JSON.stringify({ durable_name: "bob.bob", deliver_policy: "all", ack_policy: "explicit", replay_policy: "instant" }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("/durable_name: must match pattern");
  });
});

// natscli's cli/jsonschema_test.go, against the same schemas: configurations natscli's validator accepts and refuses
describe("schema validation as natscli's jsonschema_test.go", () => {
  const stream = { name: "BASIC", subjects: ["BASIC"], retention: "limits", max_consumers: -1, max_age: 0, max_bytes: -1, max_msgs: -1, storage: "file", num_replicas: 1 };
  const S = "io.nats.jetstream.api.v1.stream_configuration";
  const C = "io.nats.jetstream.api.v1.consumer_configuration";
  const ok = async (id: string, doc: unknown) => expect(await validateAgainst(id, doc), JSON.stringify(doc)).toEqual([]);
  const bad = async (id: string, doc: unknown) => expect((await validateAgainst(id, doc)).length, JSON.stringify(doc)).toBeGreaterThan(0);

  it("TestStreamConfiguration", async () => {
    await ok(S, stream);
    await bad(S, { ...stream, name: "X.X" });
    await ok(S, { ...stream, subjects: ["bob"] });
    await bad(S, { ...stream, retention: 10 });
    await bad(S, { ...stream, max_consumers: -2 });
    await ok(S, { ...stream, max_consumers: 10 });
    await bad(S, { ...stream, max_msgs: -2 });
    await ok(S, { ...stream, max_msgs: 10 });
    await bad(S, { ...stream, max_bytes: -2 });
    await ok(S, { ...stream, max_bytes: 10 });
    await bad(S, { ...stream, max_age: -1 });
    await ok(S, { ...stream, max_age: 1e9 });
    await bad(S, { ...stream, max_msg_size: -2 });
    await ok(S, { ...stream, max_msg_size: 10 });
    await bad(S, { ...stream, storage: 10 });
    await bad(S, { ...stream, num_replicas: -1 });
  });

  it("TestConsumerConfiguration", async () => {
    const c = { deliver_policy: "all", ack_policy: "explicit", replay_policy: "instant" };
    await ok(C, c);
    await bad(C, { ...c, durable_name: "bob.bob" });
    await ok(C, { ...c, deliver_policy: "last" });
    await ok(C, { ...c, deliver_policy: "new" });
    await ok(C, { ...c, deliver_policy: "by_start_sequence", opt_start_seq: 10 });
    // natscli's OptStartSeq = 0 is left out of the Go JSON (omitempty): a missing start sequence
    await bad(C, { ...c, deliver_policy: "by_start_sequence" });
    await ok(C, { ...c, deliver_policy: "by_start_time", opt_start_time: new Date().toISOString() });
    await bad(C, { ...c, deliver_policy: "by_start_time" });
    await bad(C, { ...c, ack_policy: 10 });
    for (const a of ["explicit", "all", "none"]) await ok(C, { ...c, ack_policy: a });
    await bad(C, { ...c, replay_policy: 10 });
    for (const p of ["instant", "original"]) await ok(C, { ...c, replay_policy: p });
  });
});

describe("cheat", () => {
  it("lists natscli's labels, prints one sheet, refuses an unknown one", async () => {
    let r = await runCli(["cheat"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Available Cheats:\n\n {4}account\n {4}auth\n/);
    expect(r.stdout).toContain("    schemas\n");
    expect(r.stdout).not.toContain("latency");
    expect((await runCli(["cheat", "--list"])).stdout).toBe(r.stdout);
    r = await runCli(["cheat", "stream"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Adding, Removing, Viewing a Stream\nnats stream add\n/);
    expect(r.stdout).toContain("nats stream find --empty --invert\n");
    r = await runCli(["cheat", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^no cheat for "nope" — pick one of: account, auth,/));
  });

  it("--save writes every sheet with front matter for the cheat tool, into a new directory only", async () => {
    const dir = path.join(mkdtempSync(path.join(scratchDir("natsx-cheat-"), "x")), "nats");
    let r = await runCli(["cheat", "--save", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(15);
    expect(readdirSync(dir).sort()).toContain("kv");
    expect(readFileSync(path.join(dir, "errors"), "utf8")).toMatch(/^---\ntags: \[nats\]\n---\n\n# To look up information for error code 1000\n/);
    r = await runCli(["cheat", "--save", dir]);
    expect(r.code).toBe(1);
    expect(existsSync(dir)).toBe(true);
  });

  it("the sheets split into examples a help page can reuse", () => {
    expect(cheatLabelFor("schema")).toBe("schemas");
    const ex = cheatExamples("errors");
    expect(ex[0]).toEqual({ comment: "To look up information for error code 1000", commands: ["nats errors lookup 1000"] });
    expect(ex.every((e) => e.commands.every((c) => c.startsWith("nats ") || c.includes("nats ")))).toBe(true);
  });
});
