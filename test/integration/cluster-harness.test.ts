import { afterAll, beforeAll, expect, it } from "vitest";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { runCli } from "../helpers/run-cli.js";

let cluster: NatsCluster;
beforeAll(async () => { cluster = await startCluster({ jetstream: true }); }, 60_000);
afterAll(async () => { await cluster?.stop(); });

it("connects to a 3-node JetStream cluster given as a comma list", async () => {
  expect(cluster.servers).toHaveLength(3);
  const r = await runCli(["pub", "-s", cluster.urls, "cluster.test", "x"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('Published 1 bytes to "cluster.test"');
});
