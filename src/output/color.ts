import { Chalk, type ChalkInstance } from "chalk";
import type { Io } from "./io.js";

const made = new WeakMap<Io, { out?: ChalkInstance; err?: ChalkInstance }>();

/**
 * The chalk instance for one of a command's streams, at the level Io chose for it (colour only on a TTY,
 * NO_COLOR/FORCE_COLOR/TERM=dumb respected). Kept out of Io so that chalk is loaded only by the modules
 * that style output, not by every command's start-up.
 */
export function colors(io: Io, stream: "out" | "err" = "out"): ChalkInstance {
  let m = made.get(io);
  if (!m) made.set(io, (m = {}));
  return (m[stream] ??= new Chalk({ level: stream === "out" ? io.colorLevel : io.errColorLevel }));
}
