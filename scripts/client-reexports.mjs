// The NATS client's modules are TypeScript compiled to CommonJS, which re-exports through getters: nats-core's
// internal_mod.js defines one getter per export (84), and transport-node's nats-base-client.js copies all 87 again
// as getters of getters (__exportStar). Every command paid for ~170 closures and accessor properties at start-up,
// then a getter call per use. The build flattens both into plain properties:
// - nats-base-client.js only re-exports nats-core/internal: it becomes that very module;
// - internal_mod.js's getters become assignments. A getter exists to keep an ES "live binding"; none is needed
//   here: no nats-core module reassigns an export after it is loaded, and internal_mod.js is required by no module
//   it requires (no cycle through it), so every module it reads from is complete when it reads.
// test/unit/client-reexports.test.ts checks that the flattened modules export the same values as the originals;
// a client whose files no longer have this shape fails the build instead of being half-rewritten.
import { readFileSync } from "node:fs";
import * as path from "node:path";

const GETTER = /Object\.defineProperty\(exports, "([\w$]+)", \{ enumerable: true, get: function \(\) \{ return ([\w$]+)\.([\w$]+); \} \}\);/g;

/** The source esbuild should bundle in place of `file`'s `source`. */
export function flattenReexports(file, source) {
  const name = path.basename(file);
  if (name === "nats-base-client.js") {
    const body = source.replace(/\/\/# sourceMappingURL=.*$/m, "").trim();
    if (!body.endsWith('__exportStar(require("@nats-io/nats-core/internal"), exports);') || (body.match(/require\(/g) ?? []).length !== 1) {
      throw new Error(`${file}: no longer a plain re-export of @nats-io/nats-core/internal; update scripts/client-reexports.mjs`);
    }
    return 'module.exports = require("@nats-io/nats-core/internal");\n';
  }
  if (name === "internal_mod.js") {
    let n = 0;
    const out = source.replace(GETTER, (_, k, mod, key) => {
      n++;
      return `exports.${k} = ${mod}.${key};`;
    });
    if (n < 50 || /get: function \(\) \{ return/.test(out)) {
      throw new Error(`${file}: re-exports not in the expected form (${n} rewritten); update scripts/client-reexports.mjs`);
    }
    return out;
  }
  throw new Error(`flattenReexports: unexpected file ${file}`);
}

/** The esbuild plugin: the two files above, bundled flattened. */
export const clientReexports = {
  name: "client-reexports",
  setup(b) {
    b.onLoad({ filter: /[\\/]@nats-io[\\/](transport-node[\\/]lib[\\/]nats-base-client|nats-core[\\/]lib[\\/]internal_mod)\.js$/ }, (args) => ({
      loader: "js",
      contents: flattenReexports(args.path, readFileSync(args.path, "utf8")),
    }));
  },
};
