import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnCli, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

let server: NatsServer;
beforeAll(async () => { server = await startNatsServer(); });
afterAll(async () => { await server?.stop(); });

describe("connecting", () => {
  it("publishes to a server given with --server", async () => {
    const r = await runCli(["pub", "-s", server.url, "greeting", "hello"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d Published 5 bytes to "greeting"\n$/);
  });

  it("takes the server from NATS_URL when no flag is given", async () => {
    const r = await runCli(["pub", "greeting", "hello"], { env: { NATS_URL: server.url } });
    expect(r.code).toBe(0);
  });

  it("says connection refused, where the URL came from, in one line with exit 3", async () => {
    const r = await runCli(["pub", "x", "y"], { env: { NATS_URL: "nats://127.0.0.1:1" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(cliError(/^connection refused nats:\/\/127\.0\.0\.1:1 \(from env NATS_URL\)/));
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("rejects an invalid URL with a usage error and never shows its password", async () => {
    const r = await runCli(["pub", "x", "y", "-s", "http://bob:hunter22@127.0.0.1:4222"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unsupported scheme "http://"');
    expect(r.stderr).not.toContain("hunter22");
  });

  it("runs through the real bin with an exit code", async () => {
    const r = await spawnCli(["pub", "-s", server.url, "a.b", "x"]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toContain('Published 1 bytes to "a.b"');
  });
});
