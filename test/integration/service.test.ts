import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Svcm, type Service } from "@nats-io/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, cliError, startCli } from "../helpers/run-cli.js";

let server: NatsServer;
let nc: NatsConnection;
const services: Service[] = [];
/** What natscli's test service "svc" received: bodies and headers, in order. */
const received: { body: string; headers: Record<string, string> }[] = [];

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
  const svcm = new Svcm(nc);
  // Two instances of "calc" and one "echo": real micro services answering $SRV.* themselves.
  for (let i = 0; i < 2; i++) {
    const calc = await svcm.add({ name: "calc", version: "1.2.0", description: "Adds numbers", metadata: { team: "maths" } });
    calc.addEndpoint("add", { subject: "calc.add", handler: (err, m) => { if (!err) m.respond(String(m.json<number[]>().reduce((a, b) => a + b, 0))); } });
    calc.addEndpoint("fail", { subject: "calc.fail", handler: (err, m) => { if (!err) m.respondError(418, "teapot"); } });
    services.push(calc);
  }
  // natscli's TestServiceRequest / TestServiceInfo service: two endpoints, the echo one records what it got
  const svc = await svcm.add({ name: "svc", version: "1.0.0" });
  svc.addEndpoint("echo", { subject: "svc.echo", handler: (err, m) => {
    if (err) return;
    const headers: Record<string, string> = {};
    for (const k of m.headers?.keys() ?? []) headers[k] = m.headers!.get(k);
    received.push({ body: m.string(), headers });
    m.respond(`echo: ${m.string()}`);
  } });
  svc.addEndpoint("ep2", { subject: "svc.ep2", handler: (err, m) => { if (!err) m.respond("hello world"); } });
  services.push(svc);
  const echo = await svcm.add({ name: "echo", version: "0.0.1" });
  echo.addEndpoint("echo", { handler: (err, m) => { if (!err) m.respond(m.data); } });
  services.push(echo);
  await nc.flush();
}, 30_000);
afterAll(async () => {
  for (const s of services) await s.stop().catch(() => undefined);
  await nc?.close();
  await server?.stop();
});

it("service ls lists every instance", async () => {
  const r = await runCli(["service", "ls", "-s", server.url]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  expect(r.stdout.match(/│ calc\s+│ 1\.2\.0\s+│ \w+\s+│ Adds numbers/g)).toHaveLength(2);
  expect(r.stdout).toMatch(/│ echo\s+│ 0\.0\.1/);
  const j = await runCli(["micro", "ls", "calc", "-s", server.url, "--json"]);
  const arr = JSON.parse(j.stdout) as { name: string; id: string }[];
  expect(arr.map((s) => s.name)).toEqual(["calc", "calc"]);
  expect(arr.map((s) => s.id).sort()).toEqual(services.slice(0, 2).map((s) => s.info().id).sort());
});

it("service ls with nothing running says so without failing", async () => {
  const r = await runCli(["service", "ls", "nothing", "-s", server.url]);
  expect(r).toEqual({ code: 0, stdout: "", stderr: "No results received\n" });
});

it("service request finds the endpoint subject and prints the reply", async () => {
  const r = await runCli(["service", "request", "calc", "add", "[1,2,3]", "-s", server.url]);
  expect(r.code).toBe(0);
  // `nats req`'s layout: the body and a blank line (--raw: the body alone)
  expect(r.stdout).toBe("6\n\n");
  const piped = await runCli(["service", "req", "echo", "echo", "--raw", "-s", server.url], { stdin: "from stdin" });
  expect(piped.stdout).toBe("from stdin\n");
  const missing = await runCli(["service", "request", "calc", "mul", "[1]", "-s", server.url]);
  expect(missing.code).toBe(7);
  expect(missing.stderr).toBe(cliError('service "calc" has no endpoint "mul" (available: add, fail)\n'));
  const none = await runCli(["service", "request", "nope", "x", "-s", server.url]);
  expect(none.code).toBe(7);
  expect(none.stderr).toMatch(cliError(/^no service instances found for "nope"/));
  const err = await runCli(["service", "request", "calc", "fail", "x", "-s", server.url]);
  expect(err.code).toBe(1);
  expect(err.stderr).toMatch(cliError(/service error: teapot \(418\)/));
});

it("service stats and info report the requests that were made", async () => {
  const before = await runCli(["service", "stats", "calc", "-s", server.url, "--json"]);
  const total = (doc: { endpoints: { name: string; num_requests: number }[] }[]) => doc.flatMap((s) => s.endpoints).filter((e) => e.name === "add").reduce((a, e) => a + e.num_requests, 0);
  const n0 = total(JSON.parse(before.stdout));
  await runCli(["service", "request", "calc", "add", "[1]", "-s", server.url]);
  await runCli(["service", "request", "calc", "add", "[2]", "-s", server.url]);
  const after = await runCli(["service", "stats", "calc", "-s", server.url, "--json"]);
  expect(total(JSON.parse(after.stdout))).toBe(n0 + 2);
  const table = await runCli(["service", "stats", "calc", "-s", server.url]);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/calc Service Statistics/);
  expect(table.stdout.match(/│ add\s+│/g)).toHaveLength(2);
  const id = services[0]!.info().id;
  const info = await runCli(["service", "info", "calc", id, "-s", server.url]);
  expect(info.code).toBe(0);
  expect(info.stdout).toContain(`Service: calc (${id})`);
  expect(info.stdout).toMatch(/team: maths/);
  expect(info.stdout).toMatch(/Subject: calc\.add/);
  const j = await runCli(["service", "info", "calc", "-e", "^add$", "-s", server.url, "--json"]);
  const one = JSON.parse(j.stdout) as { info: { endpoints: { name: string }[] }; stats: { endpoints: { name: string }[] } };
  expect(one.info.endpoints.map((e) => e.name)).toEqual(["add"]);
  expect(one.stats.endpoints.map((e) => e.name)).toEqual(["add"]);
  const unknown = await runCli(["service", "stats", "nope", "-s", server.url]);
  expect(unknown.code).toBe(7);
});

it("service ping prints one line per instance", async () => {
  const r = await runCli(["service", "ping", "-s", server.url]);
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split("\n");
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/^calc \w+\s+rtt=\S+$/);
  const none = await runCli(["service", "ping", "nope", "-s", server.url]);
  expect(none.code).toBe(6);
  expect(none.stderr).toBe(cliError("no services answered $SRV.PING.nope\n"));
});

describe("service request as natscli's TestServiceRequest", () => {
  const req = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli(["service", "request", "svc", ...args, "-s", server.url], opts);
  const since = () => {
    const at = received.length;
    return () => received.slice(at);
  };

  it("a body argument, --raw (no rtt line), and an empty body when there is none", async () => {
    let got = since();
    let r = await req(["echo", "test request"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("echo: test request\n\n");
    expect(r.stderr).toMatch(/Sending request on "svc\.echo"[\s\S]*Received with rtt /);
    expect(got().map((x) => x.body)).toEqual(["test request"]);
    r = await req(["echo", "test", "--raw"]);
    expect(r).toEqual({ code: 0, stdout: "echo: test\n", stderr: "" });
    got = since();
    r = await req(["echo", "--raw"]);
    expect(r.stdout).toBe("echo: \n");
    expect(got().map((x) => x.body)).toEqual([""]);
  });

  it("--force-stdin and --send-on newline read stdin: one request per line", async () => {
    let got = since();
    let r = await req(["--force-stdin", "echo", "-r"], { stdin: "stdin payload" });
    expect(r.stdout).toBe("echo: stdin payload\n");
    expect(got().map((x) => x.body)).toEqual(["stdin payload"]);
    got = since();
    r = await req(["--force-stdin", "--send-on", "newline", "echo", "--raw"], { stdin: "request1\nrequest2\nrequest3\n" });
    expect(r.code).toBe(0);
    expect(got().map((x) => x.body)).toEqual(["request1", "request2", "request3"]);
    expect(r.stdout).toBe("echo: request1\necho: request2\necho: request3\n");
  });

  it("--count, -H/--header, templates ({{ Count }}) and --no-templates", async () => {
    let got = since();
    await req(["echo", "Request {{ Count }}", "--count", "3", "-H", "X-Test:value1", "--header", "X-Custom:value2"]);
    expect(got().map((x) => x.body)).toEqual(["Request 1", "Request 2", "Request 3"]);
    expect(got()[0]!.headers).toMatchObject({ "X-Test": "value1", "X-Custom": "value2" });
    got = since();
    await req(["echo", "Count: {{ Count }}", "--no-templates"]);
    expect(got().map((x) => x.body)).toEqual(["Count: {{ Count }}"]);
  });

  it("--translate pipes each reply through a command; --json prints one object per reply", async () => {
    const r = await req(["ep2", "test", "--translate", "tr a-z A-Z", "--raw"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("HELLO WORLD\n");
    const j = await req(["ep2", "test", "--json"]);
    expect(JSON.parse(j.stdout)).toMatchObject({ request: 1, subject: expect.stringMatching(/^_INBOX\./), data: "hello world" });
  });

  it("an unknown endpoint names the available ones; an unknown service says so", async () => {
    let r = await req(["bogus", "x"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe(cliError('service "svc" has no endpoint "bogus" (available: echo, ep2)') + "\n");
    r = await runCli(["service", "request", "nosuchservice", "echo", "x", "-s", server.url]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(cliError(/^no service instances found for "nosuchservice"/));
  });
});

describe("service info --json (natscli's TestServiceInfo)", () => {
  it("is one {info, stats} object; --endpoint filters both", async () => {
    let r = await runCli(["service", "info", "svc", "--json", "-s", server.url]);
    expect(r.code).toBe(0);
    let doc = JSON.parse(r.stdout) as { info: { name: string; endpoints: { name: string }[] }; stats: { endpoints: { name: string }[] } };
    expect(doc.info.name).toBe("svc");
    expect(doc.info.endpoints.map((e) => e.name)).toEqual(["echo", "ep2"]);
    expect(doc.stats.endpoints.map((e) => e.name)).toEqual(["echo", "ep2"]);
    r = await runCli(["service", "info", "svc", "--json", "--endpoint=.*2", "-s", server.url]);
    doc = JSON.parse(r.stdout);
    expect(doc.info.endpoints.map((e) => e.name)).toEqual(["ep2"]);
    expect(doc.stats.endpoints.map((e) => e.name)).toEqual(["ep2"]);
  });

  it("of a service with several instances shows the first by ID, or the one asked for", async () => {
    const ids = services.slice(0, 2).map((x) => x.info().id).sort();
    const r = await runCli(["service", "info", "calc", "--json", "-s", server.url]);
    expect(JSON.parse(r.stdout).info.id).toBe(ids[0]);
    const t = await runCli(["service", "info", "calc", ids[1]!, "-s", server.url]);
    expect(t.stdout).toMatch(new RegExp(`^Service Information\n\n\\s+Service: calc \\(${ids[1]}\\)\n`));
    expect(t.stdout).toContain("Statistics for 2 Endpoint(s):");
    expect(t.stdout).toMatch(/add Endpoint Statistics:/);
  });
});

describe("service serve (natscli's demo service)", () => {
  it("answers NAME.echo with the body, natscli's headers and the -H ones; counts total_payload; stops on Ctrl-C", async () => {
    const run = startCli(["service", "serve", "demo", "-H", "Team:ops", "-s", server.url]);
    await run.waitFor("Requests Log:");
    expect(run.stdout()).toMatch(/^NATS CLI Service demo handler \d+ waiting for requests on nats:\/\/127\.0\.0\.1:\d+\n/);
    expect(run.stdout()).toMatch(/Listening Subjects:\n\n\s+demo\.echo: Echo Service\n/);
    expect(run.stdout()).toMatch(/Custom Response Headers:\n\n\s+Team: ops\n/);
    const m = await nc.request("demo.echo", "hello", { timeout: 2000 });
    expect(m.string()).toBe("hello");
    expect(m.headers?.get("Team")).toBe("ops");
    expect(m.headers?.get("Subject")).toBe("demo.echo");
    expect(m.headers?.get("Handler")).toMatch(/^\d+$/);
    expect(m.headers?.get("ConnectedUrl")).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    // the service is a real micro service: request, info and stats find it
    const r = await runCli(["service", "request", "demo", "echo", "again", "--raw", "-s", server.url]);
    expect(r.stdout).toBe("again\n");
    const stats = JSON.parse((await runCli(["service", "stats", "demo", "--json", "-s", server.url])).stdout) as { endpoints: { data?: { total_payload: number }; num_requests: number }[] }[];
    expect(stats[0]!.endpoints[0]).toMatchObject({ num_requests: 2, data: { total_payload: 10 } });
    await run.waitFor(/Handling request on subject demo\.echo[\s\S]*Handling request on subject demo\.echo/, { stream: "err" });
    run.abort();
    const done = await run.result;
    expect(done.code).toBe(0);
    const none = await runCli(["service", "ls", "demo", "-s", server.url]);
    expect(none.stderr).toBe("No results received\n");
  });
});
