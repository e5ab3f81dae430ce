import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../../errors.js";
import { ask as askLine, canPrompt } from "../../../../output/prompt.js";
import { parseIntFlag } from "../../../../util/flags.js";
import type { WeightedMapping } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { readUserFile } from "../../shared/keys.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { checkMappings, showMappings, type MappingSet } from "./shared.js";

export interface AuthAccountMappingAddOptions { operator?: string; config?: string }

/** `nats auth account mappings add [ACCOUNT] [SOURCE] [TARGET] [WEIGHT] [CLUSTER]`. */
export function authAccountMappingAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["new", "a"])
    .description("Add a new mapping")
    .argument("[account]", "Account to create the mappings on")
    .argument("[source]", "The source subject of the mapping")
    .argument("[target]", "The target subject of the mapping")
    .argument("[weight]", "The weight (%) of the mapping", "100")
    .argument("[cluster]", "Limit the mappings to a specific cluster")
    .option("--operator <name>", "Operator to act on")
    .option("--config <file>", "json or yaml file to read configuration from")
    .action(async (account: string | undefined, source: string | undefined, target: string | undefined, weight: string, cluster: string | undefined, opts: AuthAccountMappingAddOptions) => {
      await authAccountMappingAdd(deps, account, source, target, weight, cluster, opts);
    });
  return examples(cmd, "nats auth account mappings add MyAccount orders.in orders.v2 100", "nats auth account mappings add MyAccount --config mappings.yaml");
}

/** Reads a mappings file: `{SOURCE: [{subject, weight, cluster}]}` as JSON, or YAML (the yaml package, loaded only for it). */
async function readMappingsFile(deps: Deps, file: string): Promise<MappingSet> {
  const text = (await readUserFile(deps.cwd, file, "mappings file")).toString("utf8");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    try {
      doc = (await import("yaml")).parse(text);
    } catch (e) {
      throw usageError(`unable to load config file ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw usageError(`unable to load config file ${file}: expected a map of source subjects to lists of mappings`);
  const set: MappingSet = {};
  for (const [src, list] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(list)) throw usageError(`unable to load config file ${file}: the mappings of "${src}" must be a list`);
    set[src] = list.map((m: Record<string, unknown>) => ({ subject: String(m.subject ?? ""), weight: m.weight === undefined ? undefined : Number(m.weight), cluster: m.cluster ? String(m.cluster) : undefined }));
  }
  return set;
}

/** Adds a mapping (or sets every source a --config file names) and shows what was set. */
export async function authAccountMappingAdd(deps: Deps, account: string | undefined, source: string | undefined, target: string | undefined, weight: string, cluster: string | undefined, opts: AuthAccountMappingAddOptions): Promise<MappingSet> {
  let set: MappingSet = opts.config ? await readMappingsFile(deps, opts.config) : {};
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const current = acct.claims.nats.mappings ?? {};
  if (!opts.config) {
    const ask = async (what: string, v: string | undefined) => {
      if (v) return v;
      if (!canPrompt(deps.io)) throw usageError(`no ${what} subject given`, "pass ACCOUNT SOURCE TARGET [WEIGHT] [CLUSTER], or --config FILE");
      return askLine(deps.io, `${what[0]!.toUpperCase()}${what.slice(1)} subject`, { required: true });
    };
    source = await ask("source", source);
    target = await ask("target", target);
    const w = parseIntFlag(weight, "weight");
    if (w < 0 || w > 100) throw usageError(`invalid weight ${w}: it is a percentage, 0 to 100`);
    const list = [...(current[source] ?? [])];
    if (list.some((m) => m.subject === target)) throw new CliError(`mapping ${source} -> ${target} already exists`, { exitCode: ExitCode.CONFLICT });
    const m: WeightedMapping = { subject: target, weight: w, cluster: cluster || undefined };
    set = { [source]: [...list, m] };
  }
  checkMappings(set);
  acct.claims.nats.mappings = { ...current, ...set };
  await acct.resign();
  await store.commit(op);
  showMappings(deps, set, false);
  return set;
}
