import { existsSync, promises as fs, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { CliError, ExitCode, usageError, notFound } from "../errors.js";

/** A natscli context file's fields, in natscli's key order (jsm.go natscontext). */
export interface ContextSettings {
  description: string;
  url: string;
  socks_proxy: string;
  token: string;
  user: string;
  password: string;
  creds: string;
  nkey: string;
  cert: string;
  key: string;
  ca: string;
  nsc: string;
  jetstream_domain: string;
  jetstream_api_prefix: string;
  jetstream_event_prefix: string;
  inbox_prefix: string;
  user_jwt: string;
  user_seed: string;
  color_scheme: string;
  tls_first: boolean;
  windows_cert_store: string;
  windows_cert_match_by: string;
  windows_cert_match: string;
  windows_ca_certs_match: string[] | null;
}

export const CONTEXT_KEYS: (keyof ContextSettings)[] = [
  "description", "url", "socks_proxy", "token", "user", "password", "creds", "nkey", "cert", "key", "ca", "nsc",
  "jetstream_domain", "jetstream_api_prefix", "jetstream_event_prefix", "inbox_prefix", "user_jwt", "user_seed",
  "color_scheme", "tls_first", "windows_cert_store", "windows_cert_match_by", "windows_cert_match", "windows_ca_certs_match",
];

/** An empty context, every key present as natscli writes them. */
export function emptyContext(): ContextSettings {
  return {
    description: "", url: "", socks_proxy: "", token: "", user: "", password: "", creds: "", nkey: "", cert: "", key: "", ca: "", nsc: "",
    jetstream_domain: "", jetstream_api_prefix: "", jetstream_event_prefix: "", inbox_prefix: "", user_jwt: "", user_seed: "",
    color_scheme: "", tls_first: false, windows_cert_store: "", windows_cert_match_by: "", windows_cert_match: "", windows_ca_certs_match: null,
  };
}

/** The not-found error for a context name (exit 7). */
export function unknownContext(name: string): CliError {
  return notFound("context", name, { list: "nats context ls" });
}

/** A loaded context: its name, where it lives, and its settings. */
export interface NamedContext {
  name: string;
  path: string;
  settings: ContextSettings;
}

/** Rejects names natscli rejects: empty, or containing `..`, `/` or `\`. */
export function validateContextName(name: string): void {
  if (!name || name.includes("..") || name.includes("/") || name.includes("\\")) {
    throw usageError(`invalid context name "${name}": names may not be empty or contain "..", "/" or "\\"`);
  }
}

/**
 * Where a JSON syntax error is, as "(line L, column C: reason)". V8's messages may quote the document
 * ("Unexpected token 'h', "hunter2" is not valid JSON"), and a context holds secrets: never pass them on.
 */
function jsonErrorWhere(text: string, message: string): string {
  const pos = /at position (\d+)/.exec(message);
  const reason = message.includes('"') && !pos ? "" : message.replace(/ in JSON at position \d+.*$/, "").replace(/ at position \d+.*$/, "");
  if (!pos) return reason && !/[`'"]/.test(reason) ? ` (${reason.toLowerCase()})` : "";
  const before = text.slice(0, Number(pos[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return ` (line ${line}, column ${column}: ${reason.replace(/^Unexpected token '.*?'/, "unexpected character").toLowerCase()})`;
}

/**
 * Parses a context document, keeping unknown keys out and filling missing ones. `what` names the document in
 * errors (`context "prod" (from --context): /home/u/.config/nats/context/prod.json`), `hint` says how to fix it;
 * a bad document is a usage error (exit 2), as any other bad setting.
 */
export function parseContextJson(text: string, what: string, hint?: string): ContextSettings {
  let raw: unknown;
  const bad = (msg: string) => new CliError(msg, { exitCode: ExitCode.USAGE, hint });
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw bad(`${what} is not valid JSON${jsonErrorWhere(text, (e as Error).message)}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw bad(`${what} must hold a JSON object`);
  const out = emptyContext();
  const r = raw as Record<string, unknown>;
  for (const k of CONTEXT_KEYS) {
    const v = r[k];
    if (v === undefined || v === null) continue;
    if (k === "tls_first") {
      if (typeof v !== "boolean") throw bad(`${what}: "tls_first" must be true or false`);
      out.tls_first = v;
    } else if (k === "windows_ca_certs_match") {
      if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw bad(`${what}: "windows_ca_certs_match" must be a list of strings`);
      out.windows_ca_certs_match = v as string[];
    } else {
      if (typeof v !== "string") throw bad(`${what}: "${k}" must be a string`);
      (out as unknown as Record<string, string>)[k] = v;
    }
  }
  return out;
}

/** Serialises settings exactly as natscli does: all keys, natscli's order, two-space indent. */
export function contextToJson(s: ContextSettings): string {
  const ordered: Record<string, unknown> = {};
  for (const k of CONTEXT_KEYS) ordered[k] = s[k];
  return JSON.stringify(ordered, null, 2);
}

/** Writes a file atomically with mode 0600: temp file in the same directory, fsync, rename, dir fsync. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await fs.open(tmp, "w", mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  try {
    const d = await fs.open(dir, "r");
    try { await d.sync(); } finally { await d.close(); }
  } catch {
    // directory fsync is best effort (not supported everywhere)
  }
}

/** What is wrong with a context file, from the error reading it: the usage error naming `label`, the file and the fix. */
export function contextFileError(code: string | undefined, file: string, label: string): CliError {
  const [why, hint] = code === "EISDIR" ? ["is a directory, not a context file", "move the directory away, or use another context name"]
    : code === "EACCES" || code === "EPERM" ? ["cannot be read (permission denied)", `give your user read access: chmod u+r ${file}`]
    : [`cannot be read (${code})`, undefined];
  return new CliError(`${label}: ${file} ${why}`, { exitCode: ExitCode.USAGE, hint });
}

/** Reads a context file; what is wrong with it (but its absence, `missing()`) is a usage error (contextFileError). */
function readContextText(file: string, label: string, missing: () => CliError): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw missing();
    throw contextFileError(code, file, label);
  }
}

/** Where a store looks besides its config root: natsx's per-project settings (natscli issues #1660, #1661). */
export interface StoreLocations {
  /** Read-only context directories searched before the config root's, first one wins (NATS_CONTEXTS_PATHS). */
  readOnlyDirs?: string[];
  /** The file naming the selected context instead of `<config root>/context.txt` (NATS_CURRENT_CONTEXT_PATH). */
  selectedFile?: string;
}

/**
 * Reads NATS_CONTEXTS_PATHS (directories separated by `:`, `;` on Windows, as PATH; relative ones from `cwd`) and
 * NATS_CURRENT_CONTEXT_PATH: a repository or CI image carries its own contexts without touching ~/.config/nats.
 */
export function storeLocations(env: Record<string, string | undefined>, cwd: string): StoreLocations {
  const loc: StoreLocations = {};
  const dirs = (env.NATS_CONTEXTS_PATHS ?? "").split(path.delimiter).filter((d) => d.trim() !== "").map((d) => path.resolve(cwd, d));
  if (dirs.length) loc.readOnlyDirs = [...new Set(dirs)];
  if (env.NATS_CURRENT_CONTEXT_PATH) loc.selectedFile = path.resolve(cwd, env.NATS_CURRENT_CONTEXT_PATH);
  return loc;
}

/** The store every command uses: the config root plus NATS_CONTEXTS_PATHS and NATS_CURRENT_CONTEXT_PATH from `env`. */
export function openContextStore(configDir: string, env: Record<string, string | undefined>, cwd: string): ContextStore {
  return new ContextStore(configDir, storeLocations(env, cwd));
}

/**
 * natscli's context store under a config root ($XDG_CONFIG_HOME/nats), plus the read-only directories and the
 * selection file of `StoreLocations`. Contexts are read from the read-only directories first (first wins), then
 * from the config root's `context/`, the only one written to; a context a read-only directory holds cannot be
 * changed or removed here.
 */
export class ContextStore {
  constructor(readonly configDir: string, private readonly locations: StoreLocations = {}) {}

  get contextDir(): string { return path.join(this.configDir, "context"); }
  get selectedFile(): string { return this.locations.selectedFile ?? path.join(this.configDir, "context.txt"); }
  /** Beside the selection file: `previous-context.txt` in the config root, or `<selection file>.previous`. */
  get previousFile(): string {
    return this.locations.selectedFile ? `${this.locations.selectedFile}.previous` : path.join(this.configDir, "previous-context.txt");
  }
  /** Every directory contexts are read from, in the order they are searched. */
  get searchDirs(): string[] { return [...(this.locations.readOnlyDirs ?? []), this.contextDir]; }

  /** Where a context of this name is saved (the config root's directory); the name is checked. */
  pathOf(name: string): string {
    validateContextName(name);
    return path.join(this.contextDir, `${name}.json`);
  }

  /** The file a context of this name is read from: the first search directory holding a non-empty `<name>.json`. */
  locate(name: string): string | undefined {
    validateContextName(name);
    // no read-only directories (the usual case): no stat before the read (start-up)
    if (!this.locations.readOnlyDirs) return path.join(this.contextDir, `${name}.json`);
    for (const dir of this.searchDirs) {
      const file = path.join(dir, `${name}.json`);
      try {
        if (statSync(file).size > 0 || dir === this.contextDir) return file;
      } catch {
        // not in this directory
      }
    }
    return undefined;
  }

  /** The read-only directory a context comes from, or undefined when it is the config root's (or absent). */
  readOnlyDirOf(name: string): string | undefined {
    const file = this.locate(name);
    return file && path.dirname(file) !== this.contextDir ? path.dirname(file) : undefined;
  }

  /** Refuses to change a context that a read-only directory provides (save, edit, remove). */
  checkWritable(name: string, doing: string): void {
    const dir = this.readOnlyDirOf(name);
    if (dir) {
      throw new CliError(`cannot ${doing} context "${name}": it comes from ${dir} (NATS_CONTEXTS_PATHS), which is read-only`, {
        exitCode: ExitCode.USAGE, hint: `make your own copy with \`nats context copy ${name} NEW_NAME\`, or change the file in ${dir}`,
      });
    }
  }

  private async ensureDirs(): Promise<void> {
    await fs.mkdir(this.contextDir, { recursive: true, mode: 0o700 });
  }

  /** Names of stored contexts in every search directory, sorted; skips dirs, empty files, non-.json and invalid names (as natscli). */
  async names(): Promise<string[]> {
    const out = new Set<string>();
    for (const dir of this.searchDirs) {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (!e.isFile() || !e.name.endsWith(".json")) continue;
        const name = e.name.slice(0, -5);
        if (!name || name.includes("..")) continue;
        try {
          const st = await fs.stat(path.join(dir, e.name));
          if (st.size === 0) continue;
        } catch { continue; }
        out.add(name);
      }
    }
    return [...out].sort();
  }

  async exists(name: string): Promise<boolean> {
    const file = this.locate(name);
    return file !== undefined && existsSync(file);
  }

  /**
   * Loads a context by name; a missing one is a not-found CliError naming it. `label` names it in errors
   * (`context "prod" (from --context)`, `the selected context "prod"`): a file that is a directory, cannot be read
   * or is not a context document is a usage error naming the context, the file and the fix.
   */
  async load(name: string, label = `context "${name}"`): Promise<NamedContext> {
    const file = this.locate(name) ?? this.pathOf(name);
    // sync on purpose: a context is a few hundred bytes, and the first asynchronous read starts libuv's
    // thread pool (start-up of every command with a selected context)
    const text = readContextText(file, label, () => unknownContext(name));
    const fix = `fix it with \`nats context edit ${name}\`, or remove it with \`nats context rm ${name}\``;
    return { name, path: file, settings: parseContextJson(text, `${label}: ${file}`, fix) };
  }

  /** Loads a context from a .json path given to --context / NATS_CONTEXT (`origin`). */
  async loadFile(file: string, origin?: string): Promise<NamedContext> {
    const label = `context file${origin ? ` (from ${origin})` : ""}`;
    const text = readContextText(file, label, () => new CliError(`${label} ${file} does not exist`, { exitCode: ExitCode.NOT_FOUND }));
    return { name: path.basename(file, ".json"), path: file, settings: parseContextJson(text, `${label} ${file}`, "fix the file, or pass another with --context") };
  }

  /** Saves a context atomically (dir 0700, file 0600). */
  async save(name: string, settings: ContextSettings): Promise<string> {
    const file = this.pathOf(name);
    this.checkWritable(name, "change");
    await this.ensureDirs();
    await writeFileAtomic(file, contextToJson(settings));
    return file;
  }

  async remove(name: string): Promise<void> {
    this.checkWritable(name, "remove");
    await fs.rm(this.pathOf(name), { force: true });
  }

  private async readTrim(file: string): Promise<string> {
    try {
      // sync on purpose: every command reads context.txt, and fs.promises costs start-up time (bench:startup)
      return readFileSync(file, "utf8").trim();
    } catch {
      return "";
    }
  }

  /** The selected context's name, or "" when none is selected. */
  selected(): Promise<string> { return this.readTrim(this.selectedFile); }
  previous(): Promise<string> { return this.readTrim(this.previousFile); }

  /** Selects a context (must exist); the old selection becomes the previous one. */
  async select(name: string): Promise<void> {
    if (!(await this.exists(name))) throw unknownContext(name);
    const old = await this.selected();
    await fs.mkdir(path.dirname(this.selectedFile), { recursive: true, mode: 0o700 });
    if (old && old !== name) await writeFileAtomic(this.previousFile, old);
    await writeFileAtomic(this.selectedFile, name);
  }

  /** Clears the selection, remembering it as previous; returns what was selected. */
  async unselect(): Promise<string> {
    const old = await this.selected();
    if (old) {
      await writeFileAtomic(this.previousFile, old);
      await fs.rm(this.selectedFile, { force: true });
    }
    return old;
  }
}
