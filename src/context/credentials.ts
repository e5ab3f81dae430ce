import { constants, promises as fs } from "node:fs";
import { CliError, ExitCode, usageError } from "../errors.js";
import { credentialRef } from "../redact.js";

/** How a credential value was given, for display: natscli's OK/ERROR, 1Password, nsc, runtime environment, embedded data. */
export type ValueKind = "file" | "env" | "data" | "op" | "nsc" | "literal";

/** Classifies a value the way natscli does: a URI scheme of at least two letters, else a path/literal. */
export function valueKind(value: string): ValueKind {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]+):/.exec(value);
  if (!m) return "literal";
  switch (m[1]!.toLowerCase()) {
    case "file": return "file";
    case "env": return "env";
    case "data": return "data";
    case "op": return "op";
    case "nsc": return "nsc";
    default: return "literal";
  }
}

/** The path a `file://` URI or a bare path names (valueKind "file" or "literal"; natscli: creds, nkey, TLS files). */
export function filePath(value: string, kind: ValueKind = valueKind(value)): string {
  return kind === "file" ? decodeURIComponent(value.replace(/^file:\/\//i, "")) : value;
}

async function runTool(tool: string, args: string[], what: string): Promise<string> {
  // loaded here, not at the top: child_process costs start-up time on every command (bench:startup)
  const { execFile } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    execFile(tool, args, { maxBuffer: 16 * 1024 * 1024, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
          reject(new CliError(`${what} needs the \`${tool}\` command, which is not installed or not on PATH`, { exitCode: ExitCode.USAGE }));
        } else {
          reject(new CliError(`${what}: \`${tool} ${args[0]}\` failed: ${String(stderr || err.message).trim().split("\n")[0]}`));
        }
        return;
      }
      resolve(stdout);
    });
  });
}

function decodeDataUri(value: string, field: string): Uint8Array {
  const comma = value.indexOf(",");
  if (comma < 0 || !value.slice(0, comma).toLowerCase().includes(";base64")) {
    throw usageError(`${field}: a data: value must look like data:;base64,<base64>`);
  }
  return Buffer.from(value.slice(comma + 1), "base64");
}

/** Resolves a "file or URI" value (creds, nkey) into bytes. `origin` names where it came from. */
export async function readCredentialBytes(value: string, field: string, origin: string, env: Record<string, string | undefined>): Promise<Uint8Array> {
  const kind = valueKind(value);
  switch (kind) {
    case "env": {
      const name = value.slice(value.indexOf("://") >= 0 ? value.indexOf("://") + 3 : 4);
      const v = env[name];
      if (!v) throw usageError(`${field} (from ${origin}): env: variable "${name}" is not set`);
      return Buffer.from(v);
    }
    case "data":
      return decodeDataUri(value, `${field} (from ${origin})`);
    case "op":
      return Buffer.from((await runTool("op", ["read", value], `${field} ${credentialRef(value, "file")} (1Password)`)).replace(/[\r\n]+$/, ""));
    case "nsc": {
      const out = await runTool("nsc", ["generate", "profile", value], `${field} ${credentialRef(value, "file")} (nsc)`);
      let file: string | undefined;
      try { file = (JSON.parse(out) as { user_creds?: string }).user_creds; } catch { /* reported below */ }
      if (!file) throw new CliError(`${field}: nsc did not return a credentials file for ${credentialRef(value, "file")}`);
      return readFileOrFail(file, field, origin);
    }
    case "file":
    case "literal":
      return readFileOrFail(filePath(value, kind), field, origin);
  }
}

/** What is wrong with a file a setting (`origin`: --creds, env NATS_CA, context prod) names, from the error reading it, and how to fix that. */
export function fileProblem(code: string | undefined, file: string, origin: string): [why: string, fix: string] {
  switch (code) {
    case "ENOENT": return ["does not exist", `fix the path set by ${origin}`];
    case "EACCES": case "EPERM": return ["cannot be read (permission denied)", `give your user read access: chmod u+r ${credentialRef(file, "file")}`];
    case "EISDIR": return ["is a directory", `name the file itself, not its directory (set by ${origin})`];
    default: return [`cannot be read (${code})`, `check the file set by ${origin}`];
  }
}

async function readFileOrFail(file: string, field: string, origin: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    const [why, fix] = fileProblem((e as NodeJS.ErrnoException).code, file, origin);
    throw usageError(`${field} file ${credentialRef(file, "file")} (from ${origin}) ${why}`, fix);
  }
}

/** Resolves a "literal or URI" value (password, token, user_jwt, user_seed): known schemes are resolved, anything else is literal. */
export async function resolveLiteral(value: string, field: string, origin: string, env: Record<string, string | undefined>): Promise<string> {
  const kind = valueKind(value);
  if (kind === "literal") return value;
  return Buffer.from(await readCredentialBytes(value, field, origin, env)).toString("utf8").replace(/[\r\n]+$/, "");
}

/** Resolves a TLS file setting (bare path or file:// only, as natscli) and checks it exists. */
export async function resolveTlsFile(value: string, field: string, origin: string): Promise<string> {
  const kind = valueKind(value);
  if (kind !== "literal" && kind !== "file") throw usageError(`${field}: scheme "${value.split(":")[0]}" not supported (file/bare only)`);
  const file = filePath(value, kind);
  let code: string | undefined;
  try {
    if ((await fs.stat(file)).isDirectory()) code = "EISDIR";
    else await fs.access(file, constants.R_OK);
  } catch (e) {
    code = (e as NodeJS.ErrnoException).code ?? "ENOENT";
  }
  if (code) {
    const [why, fix] = fileProblem(code, file, origin);
    throw usageError(`${field} file ${credentialRef(file, "file")} (from ${origin}) ${why}`, fix);
  }
  return file;
}

/** How to get a good .creds file, for every error about one. */
export const CREDS_FIX = "get a fresh one from whoever issued it (e.g. `nsc generate creds`)";

/** Checks a decorated .creds document holds a JWT and a seed block, and returns them; says what is wrong otherwise. */
export function checkCreds(bytes: Uint8Array, label: string): { jwt: string; seed: string } {
  const text = Buffer.from(bytes).toString("utf8");
  const jwt = /-{3,}BEGIN NATS USER JWT-{3,}\s*\n\s*(\S+)/.exec(text);
  const seed = /-{3,}BEGIN USER NKEY SEED-{3,}\s*\n\s*(S\S+)/.exec(text);
  if (!jwt || !seed) {
    throw usageError(`${label} is not a valid NATS credentials file: it needs a "BEGIN NATS USER JWT" and a "BEGIN USER NKEY SEED" block`, CREDS_FIX);
  }
  return { jwt: jwt[1]!, seed: seed[1]! };
}

/** Whether a text has the form of a JWT: three base64url parts, the first a JSON header naming its algorithm. */
export function looksLikeJwt(text: string): boolean {
  const parts = text.split(".");
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as unknown;
    return typeof header === "object" && header !== null && "alg" in header;
  } catch {
    return false;
  }
}

/** Pulls the secret parts out of a .creds document so they can be scrubbed from any message. */
export function credsSecrets(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString("utf8");
  return [...text.matchAll(/^\s*((?:eyJ|S[A-Z])[A-Za-z0-9_.=-]{20,})\s*$/gm)].map((m) => m[1]!);
}
