/** Edit distance with transpositions (optimal string alignment): `strem`→`stream` 1, `pnig`→`ping` 1. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate a mistyped word most likely meant: the one it begins (when only one does), else the closest within
 * two edits that keeps most of the word (commander's own rule), else undefined. `closestFirst` tries the edits first
 * (flags: `--cont` meant --count, not --context).
 */
export function nearest(word: string, candidates: readonly string[], o: { closestFirst?: boolean } = {}): string | undefined {
  const w = word.toLowerCase();
  return o.closestFirst ? closest(w, candidates) ?? uniquePrefix(w, candidates) : uniquePrefix(w, candidates) ?? closest(w, candidates);
}

/** The one candidate that begins with `w` (at least two characters), if only one does. */
function uniquePrefix(w: string, candidates: readonly string[]): string | undefined {
  const prefixed = [...new Set(candidates.filter((c) => w.length >= 2 && c.startsWith(w)))];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** The candidate closest to `w` within two edits, keeping most of the word. */
function closest(w: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const dd = distance(w, c.toLowerCase());
    if (dd < bestD && (Math.max(w.length, c.length) - dd) / Math.max(w.length, c.length) > 0.4) {
      best = c;
      bestD = dd;
    }
  }
  return best;
}

/** What unknownCommand() needs of a commander Command. */
export interface CommandNode {
  name(): string;
  readonly parent: CommandNode | null;
  readonly commands: readonly { name(): string; aliases(): string[]; _hidden?: boolean }[];
}

/** `nats kv` for the kv group, `nats` for the root. */
function commandPath(cmd: CommandNode): string {
  const names: string[] = [];
  for (let c: CommandNode | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/**
 * The one wording of an unknown command or sub-command: `unknown kv command 'gett'`, with the nearest one
 * (`did you mean \`nats kv get\`?`) or where the list is.
 */
export function unknownCommand(cmd: CommandNode, word: string): { message: string; hint: string } {
  const group = cmd.parent ? ` ${cmd.name()}` : "";
  const path = commandPath(cmd);
  const names = cmd.commands.filter((c) => !c._hidden && c.name() !== "help").flatMap((c) => [c.name(), ...c.aliases()]);
  const match = nearest(word, names);
  const canonical = match && cmd.commands.find((c) => c.name() === match || c.aliases().includes(match))!.name();
  return {
    message: `unknown${group} command '${word}'`,
    hint: canonical ? `did you mean \`${path} ${canonical}\`?` : `\`${path} --help\` lists the commands`,
  };
}

/** What unknownOption() needs of a commander Command. */
export interface OptionNode {
  readonly parent: OptionNode | null;
  readonly options: readonly { long?: string; hidden: boolean }[];
}

/**
 * The one wording of an unknown flag: `unknown option '--nmes' — did you mean --names?`, the nearest flag of the
 * command or of a group or the program above it (every flag works after the sub-command). A value given with `=` is
 * never repeated: it may be a password.
 */
export function unknownOption(cmd: OptionNode, given: string): { message: string; hint?: string } {
  const flag = given.replace(/=[\s\S]*$/, "");
  const longs: string[] = [];
  for (let c: OptionNode | null = cmd; c; c = c.parent) for (const o of c.options) if (o.long && !o.hidden) longs.push(o.long.slice(2));
  const match = flag.startsWith("--") && flag.length > 3 ? nearest(flag.slice(2), longs, { closestFirst: true }) : undefined;
  return { message: `unknown option '${flag}'`, hint: match ? `did you mean --${match}?` : undefined };
}
