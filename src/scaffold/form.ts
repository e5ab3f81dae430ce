import { randomInt } from "node:crypto";
import { isIP } from "node:net";
import { CliError, ExitCode, usageError } from "../errors.js";
import type { Io } from "../output/io.js";
import { ask as askLine, choose, confirm, readSecret } from "../output/prompt.js";

// natscli asks its questions with choria-io/scaffold's forms (a YAML list of typed properties, some shown only when
// an expression over the answers so far holds). This reads the same form shape, asks on a terminal, and without one
// takes the answers from --set KEY=VALUE (and --defaults), listing every unanswered question in one error.

/** One question of a form (choria forms' Property). */
export interface FormProperty {
  name: string;
  description?: string;
  help?: string;
  /** string (default), password, bool, integer, float, array (of strings); with `properties` and no type: a group. */
  type?: string;
  /** An expression over `input` (the answers so far): the question is asked only when it holds. */
  conditional?: string;
  /** An expression over `value`: the answer must satisfy it (isIP(value), isInt(value), ...). */
  validation?: string;
  required?: boolean;
  default?: string;
  enum?: string[];
  /** `absent`: an empty answer leaves the key out. */
  empty?: string;
  properties?: FormProperty[];
  /** natsx: an empty answer is replaced by a freshly generated password (shown nowhere but in the files written). */
  generate?: boolean;
}

/** A questionnaire: a description shown before the questions, and the questions. */
export interface Form {
  name?: string;
  description?: string;
  properties: FormProperty[];
}

/** How answers are collected. */
export interface AnswerOptions {
  /** Ask on the terminal (false: only --set and --defaults answer). */
  interactive: boolean;
  /** Answers given up front, by dotted key (`jetstream.store_dir`), as typed. */
  preset: Map<string, string>;
  /** Without a terminal, take a question's default when no --set answers it. */
  defaults: boolean;
}

/** The answers, and the values that must not be shown (passwords typed, set or generated). */
export interface FormAnswers {
  values: Record<string, unknown>;
  secrets: string[];
}

// natscli's passphrase alphabet without the characters a configuration file or a URL would need quoted
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A random password of `n` characters from a CSPRNG. */
export function generatePassword(n = 24): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Reads a form document (parsed YAML or JSON), checking its shape; `where` names it in errors. */
export function parseForm(doc: unknown, where: string): Form {
  const bad = (why: string) => new CliError(`invalid form ${where}: ${why}`);
  if (!doc || typeof doc !== "object") throw bad("not a mapping");
  const d = doc as Record<string, unknown>;
  const props = (list: unknown, at: string): FormProperty[] => {
    if (!Array.isArray(list)) throw bad(`${at}properties is not a list`);
    return list.map((p, i) => {
      if (!p || typeof p !== "object") throw bad(`${at}property ${i + 1} is not a mapping`);
      const r = p as Record<string, unknown>;
      if (typeof r.name !== "string" || !r.name) throw bad(`${at}property ${i + 1} has no name`);
      const str = (k: string) => (r[k] === undefined || r[k] === null ? undefined : String(r[k]));
      return {
        name: r.name, description: str("description"), help: str("help"), type: str("type") ?? "",
        conditional: str("conditional"), validation: str("validation"), required: r.required === true, default: str("default"),
        enum: Array.isArray(r.enum) ? r.enum.map(String) : undefined, empty: str("empty"),
        properties: r.properties === undefined || r.properties === null ? undefined : props(r.properties, `${at}${r.name}.`),
      };
    });
  };
  const properties = props(d.properties, "");
  if (properties.length === 0) throw bad("no properties defined");
  return { name: typeof d.name === "string" ? d.name : undefined, description: typeof d.description === "string" ? d.description : undefined, properties };
}

/** Every answerable key of a form, dotted for grouped questions. */
export function formKeys(props: FormProperty[], prefix = ""): string[] {
  return props.flatMap((p) => (p.properties?.length ? formKeys(p.properties, `${prefix}${p.name}.`) : [`${prefix}${p.name}`]));
}

type Expr = { evalSync(ctx: Record<string, unknown>): unknown };
let jexl: { compile(e: string): Expr } | undefined;

/** Compiles an expression in natscli's form language (expr-lang; these forms use its jexl-compatible part). */
async function compileExpr(text: string, what: string): Promise<Expr> {
  if (!jexl) {
    const { Jexl } = await import("jexl");
    const j = new Jexl();
    const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
    // the validators choria forms registers
    const fns: Record<string, (v: unknown) => boolean> = {
      isIP: (v) => isIP(str(v)) > 0, isIPv4: (v) => isIP(str(v)) === 4, isIPv6: (v) => isIP(str(v)) === 6,
      isInt: (v) => /^[+-]?\d+$/.test(str(v)), isFloat: (v) => str(v).trim() !== "" && Number.isFinite(Number(str(v))),
      isShellSafe: (v) => !/[`$;|&<>(){}\\'"\n\r*?[\]!#~]/.test(str(v)),
      // natsx: a size as the server's configuration reads it (-1, 1024, 512MB, 1G)
      isSize: (v) => /^(-1|\d+\s*([kmgtp]i?b?)?)$/i.test(str(v).trim()),
    };
    for (const [k, f] of Object.entries(fns)) {
      j.addFunction(k, f);
      j.addFunction(k.replace(/([A-Z])/g, (m) => `_${m.toLowerCase()}`).replace("i_p", "ip"), f);
    }
    jexl = j;
  }
  try {
    return jexl.compile(text);
  } catch (e) {
    throw new CliError(`invalid ${what} expression "${text}": ${(e as Error).message}`);
  }
}

async function holds(text: string, ctx: Record<string, unknown>, what: string): Promise<boolean> {
  const expr = await compileExpr(text, what);
  try {
    return expr.evalSync(ctx) === true;
  } catch (e) {
    throw new CliError(`${what} expression "${text}" failed: ${(e as Error).message}`);
  }
}

// Go's strconv.ParseBool, plus yes/no as people type them at a prompt
const TRUE = new Set(["1", "t", "true", "y", "yes"]);
const FALSE = new Set(["0", "f", "false", "n", "no"]);

/** Turns a typed answer into the property's type; a string saying what is wrong when it cannot. */
function convert(p: FormProperty, raw: string): unknown {
  switch (p.type) {
    case "bool": {
      const v = raw.trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      return new Error(`"${raw}" is not true or false`);
    }
    case "integer":
      return /^[+-]?\d+$/.test(raw.trim()) ? Number.parseInt(raw.trim(), 10) : new Error(`"${raw}" is not a whole number`);
    case "float":
      return raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : new Error(`"${raw}" is not a number`);
    case "array":
      return raw.split(",").map((s) => s.trim()).filter(Boolean);
    default:
      if (p.enum?.length && raw !== "" && !p.enum.includes(raw)) return new Error(`"${raw}" is not one of ${p.enum.join(", ")}`);
      return raw;
  }
}

/** Checks an answer against the property's rules; the reason it fails, or undefined. */
async function problem(p: FormProperty, raw: string, value: unknown): Promise<string | undefined> {
  if (value instanceof Error) return value.message;
  if (p.required && (raw === "" || (Array.isArray(value) && value.length === 0))) return "an answer is required";
  if (p.validation && !(raw === "" && !p.required)) {
    const ok = await holds(p.validation, { value: raw, Value: raw }, "validation");
    if (!ok) return `validation did not pass: ${p.validation}`;
  }
  return undefined;
}

const MAX_TRIES = 3;

// answers never shown: password questions, and questions whose name says they hold a secret (natscli's own
// Docker Compose bundle asks its password as a plain string)
const SECRET_NAME = /pass(word|phrase)?$|passw|secret|token|seed/i;

/**
 * Collects a form's answers: --set first, then the terminal, else (with --defaults) the defaults. Without a terminal
 * every question left unanswered is named in one usage error (exit 2). A --set key the form does not ask is refused.
 */
export async function answerForm(io: Io, form: Form, o: AnswerOptions): Promise<FormAnswers> {
  const known = formKeys(form.properties);
  const unknown = [...o.preset.keys()].filter((k) => !known.includes(k));
  if (unknown.length) throw usageError(`unknown question ${unknown.map((k) => `"${k}"`).join(", ")} in --set`, `this template asks: ${known.join(", ")}`);
  const values: Record<string, unknown> = {};
  const secrets: string[] = [];
  const missing: string[] = [];
  if (o.interactive && form.description) io.out.write(`${form.description.trimEnd()}\n`);

  const ask = async (p: FormProperty, key: string): Promise<{ raw: string; value: unknown }> => {
    io.out.write(`\n${(p.description ?? p.name).trimEnd()}\n`);
    if (p.help) io.out.write(`  ${p.help.trim()}\n`);
    for (let attempt = 1; ; attempt++) {
      let raw: string;
      if (p.type === "password") {
        raw = await readSecret(io, `${key}${p.generate ? " (empty generates one)" : ""}`);
      } else if (p.type === "bool") {
        const def = p.default !== undefined && TRUE.has(p.default.toLowerCase());
        raw = (await confirm(io, key, def)) ? "true" : "false";
      } else if (p.enum?.length) {
        raw = await choose(io, key, p.enum.map((c) => ({ value: c })), p.default || p.enum[0]!);
      } else if (p.type === "array") {
        raw = await askLine(io, `${key}, separated by commas`, { default: p.default });
      } else {
        raw = await askLine(io, key, { default: p.default });
        if (raw === "" && p.default !== undefined) raw = p.default;
      }
      if (raw === "" && p.generate) raw = generatePassword();
      const value = convert(p, raw);
      const why = await problem(p, raw, value);
      if (!why) return { raw, value };
      if (attempt >= MAX_TRIES) throw usageError(`no valid answer for ${key}: ${why}`);
      io.out.write(`X Sorry, your reply was invalid: ${why}\n`);
    }
  };

  const walk = async (props: FormProperty[], into: Record<string, unknown>, prefix: string): Promise<void> => {
    for (const p of props) {
      const key = `${prefix}${p.name}`;
      if (p.conditional && !(await holds(p.conditional, { input: values, Input: values }, "conditional"))) continue;
      if (p.properties?.length) {
        if (p.type && p.type !== "object") throw new CliError(`form property ${key}: type ${p.type} with properties is not supported`);
        if (p.type === "object") throw new CliError(`form property ${key}: repeated object entries are not supported by natsx`);
        if (o.interactive && p.description) io.out.write(`\n${p.description.trimEnd()}\n`);
        const group: Record<string, unknown> = {};
        into[p.name] = group;
        await walk(p.properties, group, `${key}.`);
        continue;
      }
      if (p.type && !["string", "password", "bool", "integer", "float", "array"].includes(p.type)) {
        throw new CliError(`form property ${key}: unsupported type ${p.type}`);
      }
      let raw = o.preset.get(key);
      let value: unknown;
      if (raw !== undefined) {
        if (raw === "" && p.generate) raw = generatePassword();
        value = convert(p, raw);
        const why = await problem(p, raw, value);
        if (why) throw usageError(`--set ${key}: ${why}`);
      } else if (o.interactive) {
        ({ raw, value } = await ask(p, key));
      } else if (o.defaults && (p.generate || p.default !== undefined || !p.required)) {
        raw = p.default ?? "";
        if (raw === "" && p.generate) raw = generatePassword();
        value = convert(p, raw);
        const why = await problem(p, raw, value);
        if (why) { missing.push(key); continue; }
      } else {
        missing.push(key);
        continue;
      }
      if (raw && (p.type === "password" || SECRET_NAME.test(p.name))) secrets.push(raw);
      if (raw === "" && p.empty === "absent") continue;
      into[p.name] = value;
    }
  };
  await walk(form.properties, values, "");
  if (missing.length) {
    throw new CliError(`no terminal to ask the questions: answer ${missing.join(", ")} with --set KEY=VALUE`, {
      hint: o.defaults ? "they have no default" : "or pass --defaults to take the default answers", exitCode: ExitCode.USAGE,
    });
  }
  return { values, secrets };
}
