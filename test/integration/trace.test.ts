import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsServerVersion, serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, cliError } from "../helpers/run-cli.js";

let server: NatsServer;
beforeAll(async () => { server = await startNatsServer(); });
afterAll(async () => { await server?.stop(); });

describe("trace", () => {
  it.skipIf(serverAtLeast("2.11.0"))("refuses servers before 2.11 with the usual line", async () => {
    const r = await runCli(["trace", "orders.new", "-s", server.url]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: cliError(`tracing messages requires NATS Server 2.11.0 or newer, the server is ${natsServerVersion()} — upgrade the server\n`) });
  });

  // message tracing is a nats-server 2.11 feature: the machine's 2.9.10 cannot answer it
  it.skipIf(!serverAtLeast("2.11.0"))("traces a message to a subscriber on the same server", async () => {
    const nc = await connect({ servers: server.url, name: "trace-sub" });
    try {
      nc.subscribe("orders.new");
      await nc.flush();
      const r = await runCli(["trace", "orders.new", "hello", "-s", server.url]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Tracing message route to subject orders\.new\n\nClient "NATS CLI Version natsx" cid:\d+ server:"[^"]+" version:"2\.\d+\.\d+"\n--C Client "trace-sub" cid:\d+ account:"\$G" subject:"orders\.new"\n/);
      expect(r.stdout).toMatch(/Egress Count:\n\n {2}Client: 1\n/);
    } finally {
      await nc.close();
    }
  });

  it("refuses a wildcard subject (exit 2)", async () => {
    const r = await runCli(["trace", "orders.*", "-s", server.url]);
    expect(r.code).toBe(2);
  });
});
