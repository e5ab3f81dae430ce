import { readFileSync } from "node:fs";
import { dataPath } from "../../util/data.js";

// natscli's cheat sheets (its cli/cheats, shipped as data in data/cheats, see data/NOTICE): one Markdown file of
// commented example command lines per label. `nats cheat` prints them; help pages can reuse them as examples.

/**
 * natscli's cheat labels and the natsx command each is about. natscli registers these (not its governor sheet);
 * `latency` is left out because natsx has no such command.
 */
const SECTIONS: Readonly<Record<string, string>> = {
  account: "account", auth: "auth", bench: "bench", consumer: "consumer", context: "context", errors: "errors",
  events: "events", kv: "kv", object: "object", publish: "publish", reply: "reply", schemas: "schema",
  server: "server", stream: "stream", subscribe: "subscribe",
};

/** The cheat labels, sorted. */
export function cheatSections(): string[] {
  return Object.keys(SECTIONS).sort();
}

/** The cheat sheet of a label (as natscli ships it), or undefined for an unknown label. */
export function cheatSheet(label: string): string | undefined {
  if (!Object.hasOwn(SECTIONS, label)) return undefined;
  return readFileSync(dataPath("cheats", `${label}.md`), "utf8");
}

/** The label whose sheet is about a top-level command (`schema` → `schemas`), if there is one. */
export function cheatLabelFor(command: string): string | undefined {
  return Object.keys(SECTIONS).find((k) => SECTIONS[k] === command);
}

/** A cheat sheet split into its examples: each comment line (without `# `) with the command lines under it. */
export function cheatExamples(label: string): { comment: string; commands: string[] }[] {
  const out: { comment: string; commands: string[] }[] = [];
  for (const raw of (cheatSheet(label) ?? "").split("\n")) {
    const line = raw.trimEnd();
    if (!line) continue;
    if (line.startsWith("#")) out.push({ comment: line.replace(/^#+\s*/, ""), commands: [] });
    else if (out.length) out[out.length - 1]!.commands.push(line);
    else out.push({ comment: "", commands: [line] });
  }
  return out.filter((e) => e.commands.length);
}
