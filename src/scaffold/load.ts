import { promises as fs } from "node:fs";
import * as path from "node:path";
import { CliError, ExitCode, usageError } from "../errors.js";
import type { Bundle, BundleEnv, RenderedFile } from "./bundle.js";
import type { EmbeddedBundle } from "./embedded.js";
import { parseForm } from "./form.js";
import { GoTemplateError, parseGoTemplate, executeGoTemplate, type TemplateFunc } from "./go-template.js";

// natscli's bundles (internal/scaffold): a directory, a ZIP of one, or a URL serving the ZIP, holding
//   bundle.yaml    description (required), pre_scaffold / post_scaffold texts (templates), contact, source, version,
//                  requires.operator
//   form.yaml      the questions (optional)
//   scaffold.json  choria scaffold settings: source_directory (default "scaffold"), left/right_delimiter
//   scaffold/      every file is a template rendered to the same path; _partials/ only for render; empty results
//                  are skipped; `write PATH TEXT` adds a file, `render PATH DATA` renders another source file.

/** Where bundles come from besides the file system. */
export interface LoadOptions {
  embedded: EmbeddedBundle[];
  embeddedNames: string;
  cwd: string;
  signal: AbortSignal;
}

/** The bundle `source` names: fs:///NAME (built in), http(s)://… (a ZIP), a directory or a ZIP file. */
export async function loadBundle(source: string, o: LoadOptions): Promise<Bundle> {
  if (source.includes("://")) {
    let uri: URL;
    try { uri = new URL(source); } catch { throw usageError(`invalid URL "${source}"`); }
    if (uri.protocol === "fs:") {
      const name = uri.pathname.replace(/^\/+|\/+$/g, "") || uri.host;
      const b = o.embedded.find((e) => e.name === name);
      if (!b) throw usageError(`no built-in template "${name}"`, `built-in templates: ${o.embeddedNames}`);
      return b.bundle;
    }
    if (uri.protocol !== "http:" && uri.protocol !== "https:") throw usageError(`cannot fetch a bundle over ${uri.protocol.slice(0, -1)}: use http, https, a directory or a ZIP file`);
    return bundleFromFiles(await fetchZip(uri, o.signal), source);
  }
  const file = path.resolve(o.cwd, source);
  const st = await fs.stat(file).catch(() => undefined);
  if (!st) throw usageError(`cannot read the bundle ${source}: no such file or directory`);
  if (st.isDirectory()) return bundleFromFiles(await readDir(file), source);
  return bundleFromFiles(await unzip(await fs.readFile(file), source), source);
}

const MAX_BUNDLE = 64 * 1024 * 1024;

async function fetchZip(uri: URL, signal: AbortSignal): Promise<Map<string, Uint8Array>> {
  const shown = uri.origin + uri.pathname;
  let res: Response;
  try {
    res = await fetch(uri, { signal: AbortSignal.any([signal, AbortSignal.timeout(60_000)]), redirect: "follow" });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`could not fetch the bundle from ${shown}: ${cause?.code ?? cause?.message ?? (e as Error).message}`, { exitCode: ExitCode.CONNECTION });
  }
  if (!res.ok) throw new CliError(`could not fetch the bundle from ${shown}: HTTP ${res.status} ${res.statusText}`.trimEnd());
  const body = new Uint8Array(await res.arrayBuffer());
  if (body.length > MAX_BUNDLE) throw new CliError(`the bundle from ${shown} is larger than 64 MiB`);
  return await unzip(body, shown);
}

async function unzip(bytes: Uint8Array, shown: string): Promise<Map<string, Uint8Array>> {
  let entries: Record<string, Uint8Array>;
  const { unzipSync } = await import("fflate");
  try { entries = unzipSync(bytes); } catch (e) { throw usageError(`${shown} is not a ZIP archive (${(e as Error).message})`); }
  const files = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(entries)) {
    // natscli refuses archives with paths outside the bundle (filepath.IsLocal) or with backslashes
    const norm = path.posix.normalize(name);
    if (name.includes("\\") || path.posix.isAbsolute(name) || norm === ".." || norm.startsWith("../")) throw new CliError("insecure paths found in archive");
    if (!name.endsWith("/")) files.set(norm, data);
  }
  return files;
}

async function readDir(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile()) files.set(r, await fs.readFile(path.join(dir, r)));
      else throw new CliError(`invalid file in bundle: ${r}`);
    }
  };
  await walk("");
  return files;
}

const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

async function bundleFromFiles(files: Map<string, Uint8Array>, shown: string): Promise<Bundle> {
  const { parse } = await import("yaml");
  const yamlDoc = (name: string): unknown => {
    const b = files.get(name);
    if (!b) return undefined;
    try { return parse(text(b)); } catch (e) { throw new CliError(`invalid ${name} in ${shown}: ${(e as Error).message.split("\n")[0]}`); }
  };
  const meta = yamlDoc("bundle.yaml") as Record<string, unknown> | undefined;
  if (!meta) throw new CliError(`${shown} is not a bundle: no bundle.yaml`);
  if (typeof meta !== "object" || typeof meta.description !== "string" || !meta.description) throw new CliError("bundles require a description");
  const sj = files.get("scaffold.json");
  if (!sj) throw new CliError("no scaffold found");
  let cfg: Record<string, unknown>;
  try { cfg = JSON.parse(text(sj)) as Record<string, unknown>; } catch (e) { throw new CliError(`invalid scaffold.json in ${shown}: ${(e as Error).message}`); }
  if (cfg.source && Object.keys(cfg.source as object).length) throw new CliError("scaffold supports only source directory configuration");
  // post-processing runs commands the bundle names: natsx does not run a downloaded bundle's commands
  if (Array.isArray(cfg.post) && cfg.post.length) throw new CliError("this bundle runs post-processing commands (scaffold.json \"post\"), which natsx does not run");
  if (cfg.engine === "jet") throw new CliError("this bundle uses the jet template engine, which natsx does not support");
  const srcDir = path.posix.normalize(typeof cfg.source_directory === "string" && cfg.source_directory ? cfg.source_directory : "scaffold").replace(/\/+$/, "");
  const left = typeof cfg.left_delimiter === "string" && cfg.left_delimiter ? cfg.left_delimiter : "{{";
  const right = typeof cfg.right_delimiter === "string" && cfg.right_delimiter ? cfg.right_delimiter : "}}";
  if ((left === "{{") !== (right === "}}")) throw new CliError("both left_delimiter and right_delimiter must be set");
  const delims: [string, string] = [left, right];
  const form = files.has("form.yaml") ? parseForm(yamlDoc("form.yaml"), `form.yaml in ${shown}`) : undefined;
  const requires = (meta.requires ?? {}) as Record<string, unknown>;
  const prefix = `${srcDir}/`;
  const sources = [...files.keys()].filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  if (!sources.length) throw new CliError(`cannot read source directory: ${srcDir} is empty or missing in ${shown}`);

  const data = (answers: Record<string, unknown>, env: BundleEnv): Record<string, unknown> => ({
    ...answers, _target: env.target, _source: env.source,
    ...(env.operator ? { Requirements: { Operator: { Name: env.operator.name, JWT: env.operator.jwt, SystemAccount: env.operator.systemAccount && { Name: env.operator.systemAccount.name, Subject: env.operator.systemAccount.subject, JWT: env.operator.systemAccount.jwt } } } } : {}),
  });
  const renderText = (name: string, tmpl: string, d: unknown, funcs: Record<string, TemplateFunc>, dl = delims) => {
    try {
      return executeGoTemplate(parseGoTemplate(name, tmpl, funcs, dl), d, funcs);
    } catch (e) {
      if (e instanceof GoTemplateError) throw new CliError(e.message.startsWith("template:") ? e.message : `template ${name}: ${e.message}`);
      throw e;
    }
  };
  // the texts in bundle.yaml are rendered with the default delimiters, as natscli's RenderString does with the config's
  const metaText = (key: string) => (typeof meta[key] === "string" && meta[key] ? (meta[key] as string) : undefined);

  const bundle: Bundle = {
    description: meta.description,
    form,
    requiresOperator: requires.operator === true,
    render(answers, env) {
      const out = new Map<string, RenderedFile>();
      const d = data(answers, env);
      const funcs: Record<string, TemplateFunc> = {
        write: (p, content) => { const c = String(content ?? ""); out.set(String(p), { path: String(p), content: c, secret: env.secrets.some((s) => s && c.includes(s)) }); return ""; },
        render: (p, dd) => {
          const rel = path.posix.normalize(String(p));
          if (rel.startsWith("../") || rel === ".." || path.posix.isAbsolute(rel)) throw new GoTemplateError(`${String(p)} is not in source directory ${srcDir}`);
          const b = files.get(`${prefix}${rel}`);
          if (!b) throw new GoTemplateError(`open ${String(p)}: no such file in the bundle`);
          return renderText(path.posix.basename(rel), text(b), dd, funcs);
        },
      };
      for (const rel of sources.sort()) {
        if (rel.split("/").includes("_partials")) continue;
        const result = renderText(path.posix.basename(rel), text(files.get(`${prefix}${rel}`)!), d, funcs);
        // choria scaffold's SkipEmpty, as natscli configures it
        if (result.trim() === "") continue;
        out.set(rel, { path: rel, content: result, secret: env.secrets.some((s) => s && result.includes(s)) });
      }
      return [...out.values()];
    },
  };
  const pre = metaText("pre_scaffold");
  const post = metaText("post_scaffold");
  if (pre) bundle.before = (answers, env) => renderText("pre_scaffold", pre, data(answers, env), {}, ["{{", "}}"]);
  if (post) bundle.after = (answers, env) => renderText("post_scaffold", post, data(answers, env), {}, ["{{", "}}"]);
  return bundle;
}
