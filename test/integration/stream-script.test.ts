import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { spawnCli, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// The "done means" shell sequence, through the real bin/nats.cjs without a TTY (needs `npm run build`).
let server: NatsServer;
let nc: NatsConnection;
const N = 25;
const nats = (args: string[]) => spawnCli(args, { env: { NATS_URL: server.url } });

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("a shell script managing a stream", () => {
  it("add, publish N, info --json, get, purge -f, rm -f", async () => {
    const add = await nats(["stream", "add", "ORDERS", "--subjects", "orders.>", "--defaults"]);
    expect(add.stderr).toBe("");
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^Stream ORDERS was created\n/);

    // pub -J is wired by the integrator later; the script's publishes are done with the client
    const js = jetstream(nc);
    for (let i = 1; i <= N; i++) await js.publish("orders.new", JSON.stringify({ order: i }));

    const info = await nats(["stream", "info", "ORDERS", "--json"]);
    expect(info.code).toBe(0);
    const si = JSON.parse(info.stdout);
    expect(si.state).toMatchObject({ messages: N, first_seq: 1, last_seq: N });

    const get = await nats(["stream", "get", "ORDERS", String(N), "--json"]);
    expect(get.code).toBe(0);
    const m = JSON.parse(get.stdout);
    expect(m).toMatchObject({ subject: "orders.new", seq: N });
    expect(JSON.parse(Buffer.from(m.data, "base64").toString())).toEqual({ order: N });
    const text = await nats(["stream", "get", "ORDERS", "1"]);
    expect(text.stdout).toContain('{"order":1}');

    const noForce = await nats(["stream", "purge", "ORDERS"]);
    expect(noForce.code).toBe(2);
    expect(noForce.stderr).toMatch(cliError(/^cannot ask for confirmation without a terminal .* — pass -f\/--force to confirm\n$/));

    const purge = await nats(["stream", "purge", "ORDERS", "-f"]);
    expect(purge.code).toBe(0);
    expect(purge.stdout).toMatch(new RegExp(`^Purged ${N} messages from ORDERS\\n`));
    const after = JSON.parse((await nats(["stream", "info", "ORDERS", "--json"])).stdout);
    expect(after.state.messages).toBe(0);

    const rm = await nats(["stream", "rm", "ORDERS", "-f"]);
    expect(rm).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const gone = await nats(["stream", "info", "ORDERS"]);
    expect(gone.code).toBe(7);
    expect(gone.stderr).toBe(cliError('stream "ORDERS" not found — `nats stream ls` lists them\n'));
  });

  it("a missing stream name is an error, not a hang, for every picker command", async () => {
    for (const args of [["stream", "info"], ["stream", "rm", "-f"], ["consumer", "info"], ["stream", "view"]]) {
      const r = await nats(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });
});
