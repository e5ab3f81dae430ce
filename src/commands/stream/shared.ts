import { type Command, Option } from "commander";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { ask, canPrompt, choose, confirm, valid, type Choice } from "../../output/prompt.js";
import { applyStreamFlags, type StreamFlagValues } from "../../jetstream/stream-config.js";
import { commas, compareText, humanBytes, humanDuration, localTime } from "../../output/format.js";
import { printTable } from "../../output/table.js";
import type { StreamInfo } from "@nats-io/jetstream";
import { parseDuration } from "../../util/duration.js";
import { collect, parseIntFlag } from "../../util/flags.js";
import type { StreamQuery } from "../../jetstream/query.js";

/** Adds natscli's stream create/edit flags; `mode` drops the add-only ones on edit. */
export function addStreamFlags(cmd: Command, mode: "add" | "edit"): Command {
  cmd
    .option("--subjects <subjects>", "Subjects that are consumed by the Stream (repeatable, comma separated)", collect)
    .option("--description <text>", "Sets a contextual description for the stream");
  if (mode === "add") cmd.addOption(new Option("--storage <type>", "Storage backend to use (file, memory)").choices(["file", "f", "memory", "m"]));
  cmd
    .addOption(new Option("--compression <type>", "Compression algorithm to use (2.10+)").choices(["none", "s2"]))
    .option("--replicas <n>", "When clustered, how many replicas of the data to create")
    .option("--tag <tag>", "Place the stream on servers that has specific tags (repeatable)", collect)
    .addOption(new Option("--tags <tag>").hideHelp().argParser(collect))
    .option("--cluster <name>", "Place the stream on a specific cluster")
    .option("--ack", "Acknowledge publishes (default true)")
    .option("--no-ack", "Do not acknowledge publishes")
    .addOption(new Option("--retention <policy>", "Defines a retention policy").choices(["limits", "interest", "workq", "work"]))
    .addOption(new Option("--discard <policy>", "Defines the discard policy").choices(["new", "old"]))
    .option("--discard-per-subject", "Sets the 'new' discard policy and applies it to every subject in the stream")
    .option("--no-discard-per-subject", "Do not apply the discard policy per subject");
  if (mode === "add") cmd.option("--first-sequence <seq>", "Sets the starting sequence (2.10+)");
  cmd
    .option("--max-age <duration>", "Maximum age of messages to keep (-1 for unlimited)")
    .option("--max-bytes <bytes>", "Maximum bytes to keep (-1 for unlimited)")
    .option("--max-consumers <n>", "Maximum number of consumers to allow")
    .option("--max-msg-size <bytes>", "Maximum size any one message may be")
    .option("--max-msgs <n>", "Maximum amount of messages to keep")
    .option("--max-msgs-per-subject <n>", "Maximum amount of messages to keep per subject")
    .option("--dupe-window <duration>", "Duration of the duplicate message tracking window")
    .option("--mirror <stream>", "Completely mirror another stream (name or JSON StreamSource)")
    .option("--source <stream>", "Source data from other Streams (name or JSON, repeatable)", collect)
    .option("--allow-rollup", "Allows roll-ups to be done by publishing messages with special headers")
    .option("--no-allow-rollup", "Disallow roll-ups")
    .option("--deny-delete", "Deny messages from being deleted via the API")
    .option("--no-deny-delete", "Allow deleting messages via the API")
    .option("--deny-purge", "Deny entire stream or subject purges via the API")
    .option("--no-deny-purge", "Allow purges")
    .option("--allow-direct", "Allows fast, direct, access to stream data via the direct get API (default true)")
    .option("--no-allow-direct", "Disable direct gets")
    .option("--allow-mirror-direct", "Allows fast, direct, access to stream data via the direct get API on mirrors")
    .option("--no-allow-mirror-direct", "Disable mirror direct gets")
    .option("--allow-msg-ttl", "Allows per-message TTL headers (2.11+)")
    .option("--subject-del-markers-ttl <duration>", "How long delete markers are kept (2.11+)")
    .option("--allow-batch", "Allows atomic batch publishing (2.12+)")
    .option("--allow-fast", "Allows fast batch publishing (2.14+)")
    .option("--allow-counter", "Allows counter streams (2.12+)")
    .option("--allow-schedules", "Allows message schedules (2.12+)")
    .option("--transform-source <subject>", "Stream subject transform source (2.10+)")
    .option("--transform-destination <subject>", "Stream subject transform destination (2.10+)")
    .option("--metadata <kv>", "Adds metadata to the stream K:V (repeatable, 2.10+)", collect)
    .option("--republish-source <subject>", "Republish messages matching this subject")
    .option("--republish-destination <subject>", "Republish destination for matching messages")
    .option("--republish-headers", "Republish only message headers, no bodies");
  if (mode === "edit") {
    cmd
      .option("--no-mirror", "Removes the mirror configuration, promoting the mirror to a normal stream (2.12+)")
      .option("--no-transform", "Removes the subject transform")
      .option("--no-republish", "Removes the republish configuration");
  } else {
    cmd
      .option("--limit-consumer-inactive <duration>", "The maximum Consumer inactive threshold (2.10+)")
      .option("--limit-consumer-max-pending <n>", "The maximum Consumer max ack pending (2.10+)")
      .addOption(new Option("--persist-mode <mode>", "Persistence mode (2.12+)").choices(["default", "async"]));
  }
  return cmd;
}

type Asked =
  | { kind: "input"; key: keyof StreamFlagValues; flag: string; question: string; def: string }
  | { kind: "select"; key: keyof StreamFlagValues; flag: string; question: string; def: string; choices: Choice[] };

/** What `stream add` asks for when its flag is missing, in natscli's order (stream_command.go prepareConfig). */
export const PROMPTED: Asked[] = [
  { kind: "input", key: "subjects", flag: "--subjects", question: "Subjects", def: "" },
  { kind: "select", key: "storage", flag: "--storage", question: "Storage", def: "file", choices: [{ value: "file" }, { value: "memory" }] },
  { kind: "input", key: "replicas", flag: "--replicas", question: "Replication", def: "1" },
  {
    kind: "select", key: "retention", flag: "--retention", question: "Retention Policy", def: "limits",
    choices: [
      { value: "limits", label: "Limits", description: "keep messages until a size, count or age limit removes them" },
      { value: "interest", label: "Interest", description: "keep messages while consumers have not acknowledged them" },
      { value: "workq", label: "Work Queue", description: "remove each message once a consumer acknowledged it" },
    ],
  },
  {
    kind: "select", key: "discard", flag: "--discard", question: "Discard Policy", def: "old",
    choices: [
      { value: "new", label: "New", description: "refuse new messages once a limit is reached" },
      { value: "old", label: "Old", description: "remove the oldest messages to make room" },
    ],
  },
  { kind: "input", key: "maxMsgs", flag: "--max-msgs", question: "Stream Messages Limit", def: "-1" },
  { kind: "input", key: "maxMsgsPerSubject", flag: "--max-msgs-per-subject", question: "Per Subject Messages Limit", def: "-1" },
  { kind: "input", key: "maxBytes", flag: "--max-bytes", question: "Total Stream Size", def: "-1" },
  { kind: "input", key: "maxAge", flag: "--max-age", question: "Message TTL", def: "-1" },
  { kind: "input", key: "maxMsgSize", flag: "--max-msg-size", question: "Max Message Size", def: "-1" },
];

/** The questions natscli asks on a terminal only (they have defaults, so no flag is missing without one). */
const CONFIRMED: { key: "allowRollup" | "denyDelete" | "denyPurge"; question: string; yes: boolean; invert: boolean }[] = [
  { key: "allowRollup", question: "Allow message Roll-ups", yes: false, invert: false },
  { key: "denyDelete", question: "Allow message deletion", yes: true, invert: true },
  { key: "denyPurge", question: "Allow purging subjects or the entire stream", yes: true, invert: true },
];

/** Checks one typed answer as the flag would be checked (the same parser, so the same message). */
function checkAnswer(key: keyof StreamFlagValues, v: string): true | string {
  if (key === "subjects") return v.trim() ? true : "a stream needs subjects (or --mirror/--source)";
  return valid.parsed((x) => applyStreamFlags({ name: "CHECK" }, { [key]: x } as StreamFlagValues))(v);
}

/**
 * natscli asks for every create setting not given as a flag. On a TTY we ask too (selects for the
 * enumerations, inputs that re-ask until the answer parses); without one the missing flags are listed in one
 * usage error (pass --defaults to accept natscli's defaults).
 */
export async function fillMissingStreamFlags(deps: Deps, o: StreamFlagValues, mirrorOrSources: boolean): Promise<void> {
  const missing = PROMPTED.filter((p) => o[p.key] === undefined && !(p.key === "subjects" && mirrorOrSources));
  if (missing.length === 0) return;
  if (!canPrompt(deps.io)) {
    throw usageError(`missing stream settings ${missing.map((m) => m.flag).join(", ")} and there is no terminal to ask for them`, "pass them as flags, or --defaults to accept the defaults");
  }
  for (const m of missing) {
    const a = m.kind === "select"
      ? await choose(deps.io, m.question, m.choices, m.def)
      : await ask(deps.io, m.question, { default: m.def, validate: (v) => checkAnswer(m.key, v || m.def) });
    if (m.key === "subjects") o.subjects = [a];
    else (o as Record<string, unknown>)[m.key] = a;
  }
  if (o.dupeWindow === undefined && !o.mirror) {
    // natscli: 2m, or the message TTL when that is shorter
    const age = o.maxAge && o.maxAge !== "-1" ? parseDuration(o.maxAge, "--max-age") : 0;
    const def = age > 0 && age < 120_000 ? o.maxAge! : "2m";
    o.dupeWindow = await ask(deps.io, "Duplicate tracking time window", { default: def, validate: (v) => checkAnswer("dupeWindow", v || def) });
  }
  for (const c of CONFIRMED) {
    if (o[c.key] !== undefined) continue;
    const yes = await confirm(deps.io, c.question, c.yes);
    o[c.key] = c.invert ? !yes : yes;
  }
}

/** natscli's Streams table (`stream ls`, `stream find`): smallest first, `never` for a stream without messages. */
export function printStreamTable(deps: Deps, streams: StreamInfo[], title: string): void {
  const sorted = [...streams].sort((a, b) => a.state.bytes - b.state.bytes || compareText(a.config.name, b.config.name));
  const now = deps.now();
  const rows = sorted.map((s) => [
    s.config.name,
    s.config.description ?? "",
    localTime(s.created),
    commas(s.state.messages),
    humanBytes(s.state.bytes),
    s.state.last_ts && !s.state.last_ts.startsWith("0001") && s.state.messages > 0 ? humanDuration(Math.max(0, now - Date.parse(s.state.last_ts))) : "never",
  ]);
  printTable(deps.io, ["Name", "Description", "Created", "Messages", "Size", "Last Message"], rows, { title }, deps.env);
}

/** The flags of `stream find` (and the filters of `stream cluster balance`), as commander collects them. */
export interface StreamFindFlags {
  serverName?: string;
  cluster?: string;
  empty?: boolean;
  idle?: string;
  created?: string;
  consumers?: string;
  subject?: string;
  replicas?: string;
  sourced?: boolean;
  mirrored?: boolean;
  leader?: string;
  invert?: boolean;
  expression?: string;
  apiLevel?: string;
}

/** Adds natscli's stream query flags (`stream find`, `stream cluster balance`). */
export function addStreamQueryFlags(cmd: Command, verb: "Display" | "Balance"): Command {
  return cmd
    .option("--server-name <regex>", `${verb} streams present on a regular expression matched server`)
    .option("--cluster <regex>", `${verb} streams present on a regular expression matched cluster`)
    .option("--empty", `${verb} streams with no messages`)
    .option("--idle <duration>", `${verb} streams with no new messages or consumer deliveries for a period`)
    .option("--created <duration>", `${verb} streams created longer ago than duration`)
    .option("--consumers <threshold>", `${verb} streams with fewer consumers than threshold`)
    .option("--subject <subject>", "Filters streams by those with interest matching a subject or wildcard")
    .option("--replicas <n>", `${verb} streams with fewer or equal replicas than the value`)
    .option("--sourced", `${verb} streams that source data from other streams`)
    .option("--mirrored", `${verb} streams that mirror data from other streams`)
    .option("--leader <server>", `${verb} only clustered streams with a specific leader`)
    .option("--invert", "Invert the check - before becomes after, with becomes without")
    .option("--expression <expr>", "Match streams using an expression language (config, state and info hold the server's JSON)");
}

/** Turns the flags into a query, one clear usage error for a bad value. */
export function streamQueryFrom(o: StreamFindFlags): StreamQuery {
  const re = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    try {
      return new RegExp(v);
    } catch (e) {
      throw usageError(`invalid ${flag} regular expression "${v}": ${(e as Error).message}`);
    }
  };
  const q: StreamQuery = {
    serverName: re(o.serverName, "--server-name"),
    cluster: re(o.cluster, "--cluster"),
    empty: o.empty,
    subject: o.subject,
    sourced: o.sourced,
    mirrored: o.mirrored,
    leader: o.leader,
    invert: o.invert,
    expression: o.expression,
  };
  if (o.idle !== undefined) q.idleMs = parseDuration(o.idle, "--idle");
  if (o.created !== undefined) q.createdMs = parseDuration(o.created, "--created");
  // natscli's default of -1 means "not given"
  if (o.consumers !== undefined) {
    const n = parseIntFlag(o.consumers, "--consumers", { minusOne: "unlimited" });
    if (n >= 0) q.consumers = n;
  }
  if (o.replicas !== undefined) q.replicas = parseIntFlag(o.replicas, "--replicas", { min: 0 });
  if (o.apiLevel !== undefined) q.apiLevel = parseIntFlag(o.apiLevel, "--api-level", { min: 0 });
  return q;
}

