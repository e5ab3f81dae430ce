import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LITE_COMMANDS } from "../../src/cli-lite.js";
import { ALL_COMMANDS } from "../../src/commands/loaders.js";
import { COMMANDS } from "../../src/commands/registry.js";

// bin/nats.cjs picks dist/nats-lite.cjs by a list of names it keeps itself (it cannot load the bundle to ask):
// that list must name exactly the lite commands and their aliases, or `nats pub` silently loses its fast path.
describe("lite bundle", () => {
  it("bin/nats.cjs's LITE_NAMES are the lite commands' names and aliases", () => {
    const bin = readFileSync(new URL("../../bin/nats.cjs", import.meta.url), "utf8");
    const m = /const LITE_NAMES = (\[[^\]]*\]);/.exec(bin);
    expect(m, "LITE_NAMES not found in bin/nats.cjs").not.toBeNull();
    const binNames = JSON.parse(m![1]!) as string[];
    const expected = COMMANDS.filter((c) => c.name in LITE_COMMANDS).flatMap((c) => [c.name, ...c.aliases]);
    expect([...binNames].sort()).toEqual([...expected].sort());
  });

  it("holds only commands of the full build, loading the same modules", async () => {
    for (const [name, load] of Object.entries(LITE_COMMANDS)) {
      expect(ALL_COMMANDS[name], name).toBeDefined();
      expect(await load()).toBe(await ALL_COMMANDS[name]!());
    }
  });

  it("the full build has a loader for every command in the registry, and no other", () => {
    expect(Object.keys(ALL_COMMANDS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
});
