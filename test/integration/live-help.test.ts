import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

// Every command the live-views work added shows how to call it.
const COMMANDS = [
  ["events"], ["top"], ["traffic"], ["latency"], ["trace"],
  ["server", "watch", "accounts"], ["server", "watch", "jetstream"], ["server", "watch", "servers"], ["server", "watch", "api", "requests"],
  ["server", "graph"], ["stream", "graph"], ["consumer", "graph"], ["server", "status"],
];

describe("help of the live views", () => {
  it.each(COMMANDS)("%s … --help shows an example", async (...path: string[]) => {
    const r = await runCli([...path, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Examples?:\\n {2}nats ${path[0]}`));
  });
});
