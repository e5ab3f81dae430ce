import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

// Every command issue 20 added shows at least one example in its --help.
const COMMANDS = [
  ["stream", "find"], ["stream", "gaps"], ["stream", "cluster"], ["stream", "cluster", "step-down"], ["stream", "cluster", "balance"], ["stream", "cluster", "peer-remove"],
  ["consumer", "find"], ["consumer", "copy"], ["consumer", "sub"], ["consumer", "unpin"], ["consumer", "report"], ["consumer", "cluster"], ["consumer", "cluster", "step-down"], ["consumer", "cluster", "balance"],
  ["service", "request"], ["service", "serve"], ["service", "info"],
  ["errors"], ["errors", "ls"], ["errors", "lookup"], ["errors", "edit"], ["errors", "validate"],
  ["schema"], ["schema", "search"], ["schema", "info"], ["schema", "validate"], ["schema", "request"],
  ["cheat"],
];

describe("--help of the commands natscli's parity added", () => {
  it.each(COMMANDS.map((c) => [c.join(" "), c]))("%s shows an example", async (_name, args) => {
    const r = await runCli([...(args as string[]), "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nExamples:\n {2}(\S.*)?nats /);
  });
});
