// commander, evaluated on first use. The fast path of `nats pub`/`nats req` (src/fast-args.ts) builds no program,
// so the modules it loads (main, pub, req, the option tables) reach commander only through this function:
// evaluating commander (and caching its code) cost such a run ~4M instructions (~1 ms) and ~45 KB of young
// allocation for nothing.
// Every other command module imports commander as usual (esbuild's `require` and the import share one instance).
import type * as Commander from "commander";

declare const require: (id: string) => unknown;

export const commander = (): typeof Commander => require("commander") as typeof Commander;
