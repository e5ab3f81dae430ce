import { PassThrough, Writable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { subRun, type SubOptions } from "../../src/commands/sub.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { testDeps } from "../helpers/run-cli.js";
import { subscribed } from "../helpers/monitor.js";

let server: NatsServer;
let pub: NatsConnection;
let sub: NatsConnection;
beforeAll(async () => {
  server = await startNatsServer({ monitor: true });
  pub = await connect({ servers: server.url });
  sub = await connect({ servers: server.url });
});
afterAll(async () => {
  await pub?.close();
  await sub?.close();
  await server?.stop();
});

/** stdout as a pipe whose reader went to sleep: accepts writes into its buffer and never drains. */
function stalledStdout(): Writable {
  return new Writable({ highWaterMark: 1024, write: () => { /* never calls back */ } });
}

it("sub drops core messages and says so when stdout stops keeping up, instead of buffering without bound", async () => {
  const err = new PassThrough();
  let stderr = "";
  err.on("data", (d) => { stderr += String(d); });
  const deps = testDeps({ out: stalledStdout(), err });
  const { SubPrinter } = await import("../../src/commands/sub.js");
  // the printer's limit is 64 MiB in real use; a small one keeps the test light
  const printer = new SubPrinter(deps, { raw: true } as SubOptions, 64 * 1024);
  const body = new Uint8Array(1024).fill(120);
  for (let i = 0; i < 500; i++) printer.handle({ subject: "slow", data: body } as never);
  expect(printer.count).toBeGreaterThan(0);
  expect(printer.dropped).toBeGreaterThan(0);
  expect(printer.count + printer.dropped).toBe(500);
  expect(stderr).toMatch(/^\d\d:\d\d:\d\d Slow consumer: stdout is not keeping up, dropping messages\n$/);

  // the whole command: 100 MiB of messages into a stalled stdout ends with a report of the drops
  stderr = "";
  const done = subRun(deps, sub, ["big"], { raw: true, count: "100" } as SubOptions);
  // --raw announces nothing: publish once the server has the subscription
  await subscribed(server.monitorUrl!, "big");
  const mib = new Uint8Array(1024 * 1024).fill(121);
  for (let i = 0; i < 100; i++) pub.publish("big", mib);
  await pub.flush();
  const r = await done;
  expect(r.reason).toBe("count");
  expect(r.received).toBeLessThan(100);
  expect(stderr).toMatch(new RegExp(`Slow consumer: dropped ${100 - r.received} messages while stdout was not keeping up`));
  expect(stderr).toContain(`Received ${r.received} messages`);
});
