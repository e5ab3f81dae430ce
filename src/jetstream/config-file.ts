import { readFile } from "node:fs/promises";
import { CliError, usageError } from "../errors.js";

/** Reads a stream or consumer --config file: the configuration itself, or an `info --json` document (its `config`). */
export async function readConfigFile(file: string, kind: "stream" | "consumer"): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read config file ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`, { exitCode: 2 });
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw usageError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (doc && typeof doc === "object" && doc.config && typeof doc.config === "object") doc = doc.config as Record<string, unknown>;
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw usageError(`config file ${file} does not hold a ${kind} configuration object`);
  return doc;
}

/**
 * A readable diff of two configs, a `key: value` line for the old and the new value of every changed
 * field (`-` old, `+` new), using the JSON field names --config files use (natscli prints Go struct
 * names instead). A field one side lacks shows its empty value there (`description: ""`), as natscli's
 * diff of Go structs always has both lines. Empty when equal.
 */
export function configDiff(oldC: Record<string, unknown>, newC: Record<string, unknown>, typeName = "Config"): string {
  // the server leaves out false, empty and zero-length fields: absent and empty are the same setting
  const norm = (v: unknown) => (v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) ? undefined : JSON.stringify(v));
  const empty = (like: unknown): unknown => (typeof like === "string" ? "" : typeof like === "number" ? 0 : typeof like === "boolean" ? false : Array.isArray(like) ? [] : {});
  const keys = [...new Set([...Object.keys(oldC), ...Object.keys(newC)])];
  const lines: string[] = [];
  for (const k of keys) {
    const a = norm(oldC[k]);
    const b = norm(newC[k]);
    if (a === b) continue;
    lines.push(`-   ${k}: ${a ?? JSON.stringify(oldC[k] ?? empty(newC[k]))},`);
    lines.push(`+   ${k}: ${b ?? JSON.stringify(newC[k] ?? empty(oldC[k]))},`);
  }
  if (!lines.length) return "";
  return [`  ${typeName}{`, ...lines, "  }"].join("\n") + "\n";
}
