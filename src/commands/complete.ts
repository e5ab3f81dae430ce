import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import type { ConnCtx } from "../context/connect.js";
import type { ConnectPlan } from "../context/plan.js";
import { openContextStore } from "../context/store.js";

// `nats __complete KIND [ARG]`: the names the shell completion scripts (src/commands/completion.ts) offer in argument
// positions — streams, consumers of a stream, buckets, keys, objects, contexts, services — one per line, fetched with
// the connection the command line would use (its global flags, NATS_*, the selected context). A completion must
// never hang or litter the shell: the connection and every request get at most ~1 s, any failure prints nothing,
// and the exit code is always 0. Answers are cached briefly (CACHE_TTL_MS) so a burst of TABs asks the server once.

/** What can be completed, and whether it needs an argument (the stream or bucket typed before). */
export const COMPLETION_KINDS = {
  streams: false,
  consumers: true,
  "kv-buckets": false,
  "kv-keys": true,
  "object-buckets": false,
  objects: true,
  contexts: false,
  services: false,
} as const;
export type CompletionKind = keyof typeof COMPLETION_KINDS;

/** Longest wait for the server: connect, then each request. */
export const COMPLETE_TIMEOUT_MS = 1000;
/** Longest a completion runs in all, whatever hangs. */
const DEADLINE_MS = 1500;
/** How long an answer is reused: long enough for a few TABs in a row, short enough to see a new stream soon. */
export const CACHE_TTL_MS = 15_000;
/** At most this many names (a bucket with a million keys must not flood the shell). */
const MAX_NAMES = 1000;

const isKind = (k: string): k is CompletionKind => Object.prototype.hasOwnProperty.call(COMPLETION_KINDS, k);

export function createCommand(deps: Deps): Command {
  return new Command("__complete")
    .description("Names for the shell completion scripts, one per line (internal)")
    .argument("[kind]", `one of ${Object.keys(COMPLETION_KINDS).join(", ")}`)
    .argument("[arg]", "the stream (consumers) or bucket (kv-keys, objects) they belong to")
    .allowExcessArguments()
    .allowUnknownOption()
    .addHelpText("after", "\nExamples:\n  nats __complete streams\n  nats --context prod __complete consumers ORDERS\n")
    .action(async (kind: string | undefined, arg: string | undefined, _opts: unknown, cmd: Command) => {
      if (!kind || !isKind(kind) || (COMPLETION_KINDS[kind] && !arg)) return;
      const names = await Promise.race([
        completeNames(deps, cmd, kind, arg).catch(() => [] as string[]),
        new Promise<string[]>((r) => setTimeout(() => r([]), DEADLINE_MS).unref()),
      ]);
      if (names.length) deps.io.out.write(`${names.join("\n")}\n`);
    });
}

/** The names of `kind` (of `arg`), sorted, from the cache when it is fresh, else from the server (then cached). */
export async function completeNames(deps: Deps, cmd: { optsWithGlobals(): Record<string, unknown> }, kind: CompletionKind, arg?: string): Promise<string[]> {
  if (kind === "contexts") return openContextStore(deps.configDir, deps.env, deps.cwd).names();
  const { planFromCommand, withPlan } = await import("../context/connect.js");
  const plan = await planFromCommand(deps, cmd);
  const timeout = Math.min(plan.timeoutMs, COMPLETE_TIMEOUT_MS);
  plan.timeoutMs = timeout;
  plan.options = { ...plan.options, timeout, reconnect: false };
  plan.js = { ...plan.js, timeout };
  const cache = await cacheFile(deps, plan, kind, arg);
  const cached = await readCache(cache, deps.now());
  if (cached) return cached;
  const names = await withPlan(deps, plan, (nc, ctx) => fetchNames(nc, ctx, kind, arg ?? "", timeout));
  const sorted = [...new Set(names)].sort().slice(0, MAX_NAMES);
  await writeCache(cache, deps.now(), sorted);
  return sorted;
}

/** Asks the server for the names. */
async function fetchNames(nc: NatsConnection, ctx: ConnCtx, kind: CompletionKind, arg: string, timeout: number): Promise<string[]> {
  if (kind === "services") {
    const { gather, deadlineIn } = await import("../sys/gather.js");
    const r = await gather<{ name?: unknown }>(nc, "$SRV.PING", { deadline: deadlineIn(timeout), stallMs: 300 });
    return r.replies.map((x) => x.data?.name).filter((n): n is string => typeof n === "string");
  }
  const { manager, managerOptions } = await import("../jetstream/manager.js");
  const jsm = await manager(nc, ctx);
  const names: string[] = [];
  const collect = async (it: AsyncIterable<string>) => {
    for await (const n of it) if (names.push(n) >= MAX_NAMES) break;
  };
  switch (kind) {
    case "streams": {
      const { isInternalStream } = await import("../jetstream/streams.js");
      for await (const n of jsm.streams.names()) if (!isInternalStream(n) && names.push(n) >= MAX_NAMES) break;
      return names;
    }
    case "kv-buckets":
    case "object-buckets": {
      const prefix = kind === "kv-buckets" ? "KV_" : "OBJ_";
      for await (const n of jsm.streams.names()) if (n.startsWith(prefix) && names.push(n.slice(prefix.length)) >= MAX_NAMES) break;
      return names;
    }
    case "consumers":
      await collect((async function* () { for await (const ci of jsm.consumers.list(arg)) yield ci.name; })());
      return names;
    case "kv-keys": {
      const { Kvm } = await import("@nats-io/kv");
      const { jetstream } = await import("@nats-io/jetstream");
      const kv = await new Kvm(jetstream(nc, managerOptions(ctx.js))).open(arg);
      await collect(await kv.keys());
      return names;
    }
    case "objects": {
      const { Objm } = await import("@nats-io/obj");
      const { jetstream } = await import("@nats-io/jetstream");
      const os = await new Objm(jetstream(nc, managerOptions(ctx.js))).open(arg);
      return (await os.list()).filter((i) => !i.deleted).map((i) => i.name);
    }
    default:
      return names;
  }
}

/**
 * The cache file of one question: $XDG_CACHE_HOME/natsx/complete/<hash>, the hash over what picks the answer — servers
 * (user-info removed), user name, context, JetStream domain/prefix, kind and argument — never a password or token.
 */
async function cacheFile(deps: Deps, plan: ConnectPlan, kind: CompletionKind, arg?: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const path = await import("node:path");
  const r = plan.resolved;
  const key = JSON.stringify([
    plan.servers.map((s) => s.replace(/\/\/[^@/]*@/, "//")), r.settings.user, r.context?.name ?? "",
    plan.js.domain ?? "", plan.js.apiPrefix ?? "", kind, arg ?? "",
  ]);
  const root = deps.env.XDG_CACHE_HOME || path.join(deps.homeDir, ".cache");
  return path.join(root, "natsx", "complete", createHash("sha256").update(key).digest("hex").slice(0, 32));
}

async function readCache(file: string, now: number): Promise<string[] | undefined> {
  try {
    const { readFile } = await import("node:fs/promises");
    const c = JSON.parse(await readFile(file, "utf8")) as { at?: number; names?: unknown };
    if (typeof c.at !== "number" || now - c.at > CACHE_TTL_MS || now < c.at || !Array.isArray(c.names)) return undefined;
    return c.names.filter((n): n is string => typeof n === "string");
  } catch {
    return undefined;
  }
}

async function writeCache(file: string, now: number, names: string[]): Promise<void> {
  try {
    const { writeFileAtomic } = await import("../context/store.js");
    const { mkdir } = await import("node:fs/promises");
    const path = await import("node:path");
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, JSON.stringify({ at: now, names }));
  } catch {
    // a cache is an optimisation only (a read-only home)
  }
}
