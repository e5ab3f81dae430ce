import type { CommandLoaders, Invocation } from "./commands/registry.js";
import { main } from "./main.js";
import { systemDeps } from "./system.js";

/**
 * What the bundles' entries (src/cli.ts, src/cli-lite.ts) run: wires signals, runs main(), returns the exit code.
 * `invocation`: what the entry already read of argv (main() reads it otherwise).
 */
export async function runWith(argv: string[], commands: CommandLoaders, invocation?: Invocation): Promise<number> {
  const ac = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupts++;
    // a second Ctrl-C means "now": leave without waiting for a clean drain
    if (interrupts > 1) process.exit(sig === "SIGINT" ? 130 : 143);
    ac.abort(sig);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // stdout went away (`nats sub x | head -1`): stop quietly
  const onEpipe = () => { ac.abort("EPIPE"); process.exit(0); };
  return main(argv, await systemDeps(ac.signal, onEpipe), commands, invocation);
}
