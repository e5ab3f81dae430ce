import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a build script (plain JavaScript, no types)
import { flattenReexports } from "../../scripts/client-reexports.mjs";

// The build flattens the NATS client's CommonJS re-export layers (scripts/client-reexports.mjs). The flattened
// modules must export exactly what the originals export: the same names, the very same values.
const require = createRequire(import.meta.url);
const flatten = flattenReexports as (file: string, source: string) => string;

/** Evaluates `source` as the CommonJS module at `file` (its requires resolve from there). */
function evaluate(file: string, source: string): Record<string, unknown> {
  const mod = { exports: {} as Record<string, unknown> };
  new Function("exports", "require", "module", source)(mod.exports, createRequire(file), mod);
  return mod.exports;
}

describe("flattened client re-exports", () => {
  for (const spec of ["@nats-io/nats-core/internal", "@nats-io/transport-node/lib/nats-base-client"]) {
    it(`${spec} exports the same names and values`, () => {
      const file = require.resolve(spec);
      const original = require(spec) as Record<string, unknown>;
      const flat = evaluate(file, flatten(file, readFileSync(file, "utf8")));
      expect(Object.keys(flat).sort()).toEqual(Object.keys(original).sort());
      expect(Object.keys(original).length).toBeGreaterThan(80);
      for (const k of Object.keys(original)) expect(flat[k], k).toBe(original[k]);
      // and no getters left in the flattened module's own exports
      if (spec.endsWith("internal")) {
        const getters = Object.entries(Object.getOwnPropertyDescriptors(flat)).filter(([, d]) => d.get).map(([k]) => k);
        expect(getters.length).toBeLessThan(5); // only what it re-exports with __exportStar (nkeys)
      }
    });
  }

  it("refuses a client whose files have another shape, rather than half-rewriting them", () => {
    const base = require.resolve("@nats-io/transport-node/lib/nats-base-client");
    const internal = require.resolve("@nats-io/nats-core/internal");
    expect(() => flatten(base, `${readFileSync(base, "utf8")}\nexports.extra = require("./other");`)).toThrow(/no longer a plain re-export/);
    expect(() => flatten(internal, readFileSync(internal, "utf8").replaceAll("get: function () { return", "get: function () {  return"))).toThrow(/not in the expected form/);
  });
});
