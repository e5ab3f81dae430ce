import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Svcm, type Service } from "@nats-io/services";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, cliError } from "../helpers/run-cli.js";

let server: NatsServer;
let nc: NatsConnection;
const services: Service[] = [];

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
  expect(r.stdout).toBe("6\n");
  const piped = await runCli(["service", "req", "echo", "echo", "-s", server.url], { stdin: "from stdin" });
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
  const pairs = JSON.parse(j.stdout) as { info: { endpoints: { name: string }[] }; stats: { endpoints: unknown[] } }[];
  expect(pairs).toHaveLength(2);
  for (const p of pairs) expect(p.info.endpoints.map((e) => e.name)).toEqual(["add"]);
  const unknown = await runCli(["service", "stats", "nope", "-s", server.url]);
  expect(unknown.code).toBe(7);
});

it("service ping prints one line per instance", async () => {
  const r = await runCli(["service", "ping", "-s", server.url]);
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split("\n");
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^calc \w+\s+rtt=\S+$/);
  const none = await runCli(["service", "ping", "nope", "-s", server.url]);
  expect(none.code).toBe(6);
  expect(none.stderr).toBe(cliError("no services answered $SRV.PING.nope\n"));
});
