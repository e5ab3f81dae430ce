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
 * A readable diff of two configs, one `key: value` line per changed field (`-` old, `+` new), using
 * the JSON field names --config files use (natscli prints Go struct names instead). Empty when equal.
 */
export function configDiff(oldC: Record<string, unknown>, newC: Record<string, unknown>, typeName = "Config"): string {
  const norm = (v: unknown) => (v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) ? undefined : JSON.stringify(v));
  const keys = [...new Set([...Object.keys(oldC), ...Object.keys(newC)])];
  const lines: string[] = [];
  for (const k of keys) {
    const a = norm(oldC[k]);
    const b = norm(newC[k]);
    if (a === b) continue;
    if (a !== undefined) lines.push(`-   ${k}: ${a},`);
    if (b !== undefined) lines.push(`+   ${k}: ${b},`);
  }
  if (!lines.length) return "";
  return [`  ${typeName}{`, ...lines, "  }"].join("\n") + "\n";
}
