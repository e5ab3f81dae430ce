import { readdirSync } from "node:fs";
import * as path from "node:path";
import { CliError, ExitCode } from "../../errors.js";
import { dataPath, readData } from "../../util/data.js";

// NATS's own JSON schemas (jsm.go's schemas/, shipped in data/schemas): a schema ID such as
// io.nats.jetstream.api.v1.stream_info_response names the file jetstream/api/v1/stream_info_response.json.

/** Every schema ID shipped, sorted. */
export function schemaIds(): string[] {
  const root = dataPath("schemas");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) out.push(`io.nats.${path.relative(root, p).slice(0, -5).split(path.sep).join(".")}`);
    }
  };
  walk(root);
  return out.sort();
}

/** The schema document for an ID; an unknown ID is exit 7 with a pointer to `schema search`. */
export function loadSchema(id: string): Record<string, unknown> {
  const unknown = () => new CliError(`unknown schema type ${id}`, { exitCode: ExitCode.NOT_FOUND, hint: "`nats schema search` lists them" });
  if (!/^io\.nats\.[a-z0-9_.]+$/.test(id) || id.includes("..")) throw unknown();
  try {
    return readData<Record<string, unknown>>("schemas", ...id.slice("io.nats.".length).split(".").slice(0, -1), `${id.split(".").at(-1)}.json`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw unknown();
    throw e;
  }
}

/** The schema type a NATS message declares: its `type`, else its `schema`; io.nats.unknown_message when neither. */
export function messageType(doc: unknown): string {
  const d = (doc && typeof doc === "object" ? doc : {}) as { type?: unknown; schema?: unknown };
  if (typeof d.type === "string" && d.type) return d.type;
  if (typeof d.schema === "string" && d.schema) return d.schema;
  return "io.nats.unknown_message";
}

interface AjvError { instancePath: string; keyword: string; message?: string; params?: Record<string, unknown> }

const compiled = new Map<string, (data: unknown) => boolean>();

/**
 * Validates data against a schema with ajv (loaded on first use, kept out of the bundle): the problems as
 * natscli words them (`/config/name: …`), none when valid. The summaries of oneOf/allOf/anyOf are left out
 * when their branches' own problems are there, as natscli does.
 */
export async function validateAgainst(id: string, data: unknown): Promise<string[]> {
  let validate = compiled.get(id);
  if (!validate) {
    const { Ajv } = await import("ajv");
    // formats are not checked (natscli's validator does not either), and ajv must never log on its own
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false });
    validate = ajv.compile(loadSchema(id));
    compiled.set(id, validate);
  }
  if (validate(data)) return [];
  const errors = ((validate as unknown as { errors?: AjvError[] }).errors ?? []);
  const specific = errors.filter((e) => !["oneOf", "allOf", "anyOf", "if"].includes(e.keyword));
  const shown = specific.length ? specific : errors;
  const words = (e: AjvError) => {
    let m = e.message ?? e.keyword;
    if (e.keyword === "additionalProperties" && e.params?.additionalProperty) m += `: ${String(e.params.additionalProperty)}`;
    if (e.keyword === "enum" && Array.isArray(e.params?.allowedValues)) m += `: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    return e.instancePath ? `${e.instancePath}: ${m}` : m;
  };
  return [...new Set(shown.map(words))];
}
