import { describe, expect, it } from "vitest";
import { commandRoutes } from "../../src/cli.js";
import { COMMANDS } from "../../src/commands/registry.js";
import { GLOBAL_OPTIONS } from "../../src/global-options.js";

// dist/route.txt (written by the build from commandRoutes()) is how bin/nats.cjs names the invoked command, to pick
// its code cache, before any bundle is loaded: it must know every command word the program knows.
describe("command routes for the bin", () => {
  it("map every command and alias, and every sub-command and alias, to the canonical name", async () => {
    const text = await commandRoutes();
    const lines = text.split("\n");
    const map = new Map(lines.slice(1).filter(Boolean).map((l) => l.split(" ") as [string, string]));
    for (const c of COMMANDS) for (const w of [c.name, ...c.aliases]) expect(map.get(w), w).toBe(c.name);
    expect(map.get("stream/list")).toBe("stream/ls");
    expect(map.get("kv/get")).toBe("kv/get");
    expect(map.get("publish/x")).toBeUndefined();
    // no word holds a space or a line break, which would break the bin's text search
    for (const [w, name] of map) expect(`${w}${name}`, w).not.toMatch(/\s/);
  });

  it("list every global flag that takes a value, on the first line", async () => {
    const first = (await commandRoutes()).split("\n")[0]!;
    for (const o of GLOBAL_OPTIONS) {
      for (const f of [o.long, o.short].filter(Boolean)) expect(first.includes(` ${f} `), f).toBe(Boolean(o.arg));
    }
  });
});
