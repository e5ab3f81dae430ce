import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { cliError, runCli, spawnCli, withoutControls } from "../helpers/run-cli.js";
import { terminal } from "../helpers/tmux.js";

// Waits on the server show an ora spinner on stderr once they pass ~300 ms, on a terminal only: never in a pipe,
// never under --json, and gone before the command prints its result or its error.

let server: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "QUIET", subjects: ["quiet.>"] });
  await jsm.consumers.add("QUIET", { durable_name: "IDLE", ack_policy: "explicit" as never });
  // a service that answers after 800 ms, and one that answers at once
  nc.subscribe("slow.svc", { callback: (_e, m) => { setTimeout(() => m.respond("late"), 800); } });
  nc.subscribe("fast.svc", { callback: (_e, m) => { m.respond("now"); } });
  await nc.flush();
}, 30_000);
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

const ESC = "\x1b";

describe("spinner", () => {
  it("consumer next on an empty consumer: the spinner says what it waits for, then makes way for the error", async () => {
    const t = terminal(["consumer", "next", "QUIET", "IDLE", "--expires", "3s", "-s", server.url], { rows: 10 });
    try {
      const s = await t.waitFor(/Waiting for a message from QUIET > IDLE/);
      // one of ora's dots frames, then the text
      expect(s).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Waiting for a message from QUIET > IDLE$/m);
      const end = await t.waitFor(/EXIT=\d+/);
      expect(end).toMatch(/EXIT=5/);
      expect(end).toMatch(cliError(/^no message received from QUIET > IDLE within 3s$/m));
      expect(end).not.toContain("Waiting for a message");
    } finally {
      t.close();
    }
  });

  it("piped stderr gets the error line only: no spinner, no escape codes", async () => {
    const r = await spawnCli(["consumer", "next", "QUIET", "IDLE", "--expires", "1s", "-s", server.url]);
    expect(r).toEqual({ code: 5, stdout: "", stderr: `${cliError("no message received from QUIET > IDLE within 1s")}\n` });
    expect(r.stderr).not.toContain(ESC);
  });

  it("req: shown while a slow reply is awaited, not for a quick one, never with --json", async () => {
    const slow = await runCli(["req", "slow.svc", "x", "-s", server.url], { tty: { err: true } });
    expect(slow.code).toBe(0);
    expect(slow.stdout).toMatch(/^late\n/);
    expect(withoutControls(slow.stderr)).toContain(`Waiting for a reply on "slow.svc"`);
    const fast = await runCli(["req", "fast.svc", "x", "-s", server.url], { tty: { err: true } });
    expect(fast.code).toBe(0);
    expect(fast.stderr).not.toContain("Waiting for a reply");
    const json = await runCli(["req", "slow.svc", "x", "--json", "-s", server.url], { tty: { err: true } });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ data: "late" });
    expect(json.stderr).toBe("");
  });
});
