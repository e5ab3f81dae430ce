import { main } from "./main.js";
import { systemDeps } from "./system.js";

/** Entry used by bin/nats.js: wires signals, runs main(), returns the exit code. */
export async function run(argv: string[]): Promise<number> {
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
  return main(argv, await systemDeps(ac.signal, onEpipe));
}
