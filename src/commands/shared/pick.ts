import type { Command } from "commander";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { pickName } from "../../output/prompt.js";
import { streamNames } from "../../jetstream/streams.js";

/** The stream argument, or a picker on a TTY; a usage error without one. */
export function pickStream(deps: Deps, jsm: JetStreamManager, given: string | undefined, all: boolean): Promise<string> {
  return pickName(deps.io, given, "stream", () => streamNames(jsm, all));
}

/** The parent's --all flag (include internal streams). */
export function allFlag(cmd: Command): boolean {
  return Boolean((cmd.optsWithGlobals() as { all?: boolean }).all);
}
