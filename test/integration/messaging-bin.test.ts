import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { BIN, spawnCli, spawnCliBackground, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// Real child processes of bin/nats.cjs (run `npm run build` first; `npm test` does).
let server: NatsServer;
let restricted: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  if (!existsSync(BIN) || !existsSync(new URL("../../dist/nats.cjs", import.meta.url))) throw new Error("dist/ is missing: run npm run build");
  server = await startNatsServer();
  restricted = await startNatsServer({
    config: `authorization { users = [ { user: "limited", password: "limitedpw", permissions: { publish: { deny: ["secret.>"] } } } ] }\n`,
  });
  nc = await connect({ servers: server.url });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
  await restricted?.stop();
});

describe("messaging through the real bin", () => {
  it("delivers all 100 000 lines piped into pub --send-on newline to an independent subscriber", async () => {
    const N = 100_000;
    const lines = Array.from({ length: N }, (_, i) => `line-${i}`);
    let count = 0;
    let first = "";
    let last = "";
    const seen = new Set<string>();
    const sub = nc.subscribe("bulk.lines", {
      callback: (_e, m) => {
        const s = m.string();
        if (count === 0) first = s;
        last = s;
        seen.add(s);
        count++;
      },
    });
    await nc.flush();
    const r = await spawnCli(["pub", "-s", server.url, "bulk.lines", "--send-on", "newline"], { stdin: `${lines.join("\n")}\n`, timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/Published 100,000 messages \([\d.]+ [KM]iB\) to "bulk.lines"\n$/);
    const deadline = Date.now() + 10_000;
    while (count < N && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    sub.unsubscribe();
    expect(count).toBe(N);
    expect(seen.size).toBe(N);
    expect([first, last]).toEqual(["line-0", `line-${N - 1}`]);
  });

  it("pub, sub, req and reply processes interoperate, with stdin piped and signals ending them cleanly", async () => {
    const reply = spawnCliBackground(["reply", "-s", server.url, "interop.svc", "--echo"]);
    const sub = spawnCliBackground(["sub", "-s", server.url, "interop.data.>", "--json"]);
    await reply.waitFor('Listening on "interop.svc"', { stream: "err" });
    await sub.waitFor("Subscribing on interop.data.> ", { stream: "err" });

    const pub = await spawnCli(["pub", "-s", server.url, "interop.data.{{Count}}", "--send-on", "newline"], { stdin: "alpha\nbeta\ngamma\n" });
    expect(pub.code).toBe(0);
    const req = await spawnCli(["req", "-s", server.url, "interop.svc", "--raw"], { stdin: "ping from stdin" });
    expect(req).toEqual({ code: 0, stdout: "ping from stdin\n", stderr: "" });

    await sub.waitFor(/("count":3)/);
    sub.kill("SIGINT");
    const rs = await sub.result;
    expect(rs.code).toBe(0);
    const msgs = rs.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(msgs.map((m) => [m.subject, m.data])).toEqual([["interop.data.1", "alpha"], ["interop.data.2", "beta"], ["interop.data.3", "gamma"]]);
    expect(rs.stderr).toMatch(/Received 3 messages\n$/);

    reply.kill("SIGTERM");
    const rr = await reply.result;
    expect(rr.code).toBe(0);
    expect(rr.stdout).toBe("\nping from stdin\n");
    expect(rr.stderr).toMatch(/Exiting after 1 reply\n$/);
  });

  it("sub --legacy output from a real process matches nats-sub byte for byte", async () => {
    const sub = spawnCliBackground(["sub", "-s", server.url, "legacy.x", "--legacy", "--count", "2"]);
    await sub.waitFor("Listening on [legacy.x]", { stream: "err" });
    expect((await spawnCli(["pub", "-s", server.url, "legacy.x", "hello world"])).code).toBe(0);
    expect((await spawnCli(["pub", "-s", server.url, "legacy.x", "second"])).code).toBe(0);
    const r = await sub.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("[#1] Received on [legacy.x]: 'hello world'\n[#2] Received on [legacy.x]: 'second'\n");
  });

  it("a denied publish exits 9 with one line; no responders exits 6", async () => {
    const r = await spawnCli(["pub", "-s", restricted.url, "--user", "limited", "--password", "limitedpw", "secret.x", "data"]);
    expect(r.code).toBe(9);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(cliError('permission denied: publish to "secret.x" is not allowed for this user\n'));
    const nr = await spawnCli(["req", "-s", server.url, "nobody.home", "x", "--raw"]);
    expect(nr.code).toBe(6);
    expect(nr.stderr.trim().split("\n")).toHaveLength(1);
  });
});
