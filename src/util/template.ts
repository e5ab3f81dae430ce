import { nuid } from "../nats-client.js";

/** Values a template can refer to besides the clock: the message counter and (for `reply`) the request body. */
export interface TemplateVars {
  /** 1-based for pub/req, 0-based reply counter for `reply` (as natscli). */
  count: number;
  /** What `--format` fields read (output/format-message.ts). */
  record?: unknown;
  request?: string;
  /** Wall clock in milliseconds (fractions allowed) used for TimeStamp/Unix/UnixNano/Time. */
  now: number;
}

type Part = string | ((v: TemplateVars) => string);

/** A parsed template: render() fills it; `constant` is true when it has no actions (render once, reuse the bytes). */
export interface Template {
  source: string;
  constant: boolean;
  /** true when render() reads `now` (TimeStamp, Unix, UnixNano, Time): callers read the clock only then. */
  usesClock?: boolean;
  render(v: TemplateVars): string;
}

/** Actions that read TemplateVars.now. */
const CLOCK_ACTIONS = new Set(["TimeStamp", "Unix", "UnixNano", "Time"]);

/** Thrown for a template that natscli's Go text/template would also refuse (unknown function, bad arguments). */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function randomString(min: number, max: number): string {
  let lo = min;
  let hi = max;
  if (hi < lo) [lo, hi] = [hi, lo];
  const len = lo + Math.floor(Math.random() * (hi - lo + 1));
  let s = "";
  for (let i = 0; i < len; i++) s += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return s;
}

const p2 = (n: number) => String(n).padStart(2, "0");

/** Go's time.RFC3339 in local time: 2006-01-02T15:04:05-07:00 (Z for UTC). */
export function rfc3339Local(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? "Z" : `${off > 0 ? "+" : "-"}${p2(Math.floor(Math.abs(off) / 60))}:${p2(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}${zone}`;
}

/** Go's time.Kitchen: 3:04PM. */
function kitchen(ms: number): string {
  const d = new Date(ms);
  const h = d.getHours() % 12 || 12;
  return `${h}:${p2(d.getMinutes())}${d.getHours() < 12 ? "AM" : "PM"}`;
}

/** An action's words: whitespace-separated, a double-quoted word (Go string syntax) kept whole: `.Header "X-Id"`. */
function actionWords(inner: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    if (m[1] !== undefined) {
      try {
        out.push(JSON.parse(`"${m[1]}"`) as string);
      } catch {
        throw new TemplateError(`invalid quoted string "${m[1]}"`);
      }
    } else out.push(m[2]!);
  }
  return out;
}

/**
 * Fields a template may name besides the functions below (`--format`'s message fields): returns the part that
 * renders `name` with `args`, or undefined when the name is not a field. Fields win over functions of the same name.
 */
export type TemplateFields = (name: string, args: string[]) => ((v: TemplateVars) => string) | undefined;

function compileAction(inner: string, fields?: TemplateFields): (v: TemplateVars) => string {
  const words = actionWords(inner.trim());
  if (words.length === 0) throw new TemplateError("missing value for command");
  // natscli offers both function ({{Count}}) and field ({{.Count}}) forms.
  const name = words[0]!.replace(/^\./, "");
  const args = words.slice(1);
  const field = fields?.(name, args);
  if (field) return field;
  const noArgs = () => {
    if (args.length) throw new TemplateError(`wrong number of args for ${name}: want 0 got ${args.length}`);
  };
  switch (name) {
    case "Count":
    case "Cnt":
      noArgs();
      return (v) => String(v.count);
    case "Request":
      noArgs();
      return (v) => v.request ?? "";
    case "TimeStamp":
      noArgs();
      return (v) => rfc3339Local(v.now);
    case "Unix":
      noArgs();
      return (v) => String(Math.floor(v.now / 1000));
    case "UnixNano":
      noArgs();
      return (v) => (BigInt(Math.floor(v.now)) * 1_000_000n + BigInt(Math.floor((v.now % 1) * 1e6))).toString();
    case "Time":
      noArgs();
      return (v) => kitchen(v.now);
    case "ID":
      noArgs();
      return () => nuid.next();
    case "Random": {
      if (args.length !== 2) throw new TemplateError(`wrong number of args for Random: want 2 got ${args.length}`);
      const [a, b] = args.map((x) => Number(x));
      if (!Number.isInteger(a) || !Number.isInteger(b) || a! < 0 || b! < 0) throw new TemplateError(`Random needs two non-negative integers, got "${args.join(" ")}"`);
      return () => randomString(a!, b!);
    }
    default:
      throw new TemplateError(`function "${name}" not defined`);
  }
}

/** Parses a natscli (Go text/template subset) template; throws TemplateError when it is not one. */
export function compileTemplate(source: string, fields?: TemplateFields): Template {
  if (!source.includes("{{")) return { source, constant: true, render: () => source };
  const parts: Part[] = [];
  let usesClock = false;
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{{", i);
    if (open < 0) { parts.push(source.slice(i)); break; }
    if (open > i) parts.push(source.slice(i, open));
    const close = source.indexOf("}}", open + 2);
    if (close < 0) throw new TemplateError("unclosed action");
    let inner = source.slice(open + 2, close);
    // Go's trim markers {{- and -}} remove surrounding spaces; we accept them and trim the action only.
    inner = inner.replace(/^-\s/, "").replace(/\s-$/, "");
    parts.push(compileAction(inner, fields));
    if (CLOCK_ACTIONS.has(inner.trim().split(/\s+/)[0]!.replace(/^\./, ""))) usesClock = true;
    i = close + 2;
  }
  const constant = parts.every((p) => typeof p === "string");
  return {
    source,
    constant,
    usesClock,
    render: (v) => {
      let out = "";
      for (const p of parts) out += typeof p === "string" ? p : p(v);
      return out;
    },
  };
}

/** A template that is the literal text: what natscli falls back to after a parse error. */
export function literalTemplate(source: string): Template {
  return { source, constant: true, render: () => source };
}

/**
 * Compiles `source` when templates are enabled; on a bad template calls `warn` (natscli logs
 * "Could not parse <what> template: …") and returns the literal text so the message still goes out.
 */
export function templateOrLiteral(source: string, enabled: boolean, what: string, warn: (msg: string) => void): Template {
  if (!enabled) return literalTemplate(source);
  try {
    return compileTemplate(source);
  } catch (e) {
    warn(`Could not parse ${what} template: ${(e as Error).message}`);
    return literalTemplate(source);
  }
}

/** Replaces `{{0}}`, `{{1}}`… with the dot-separated tokens of `subject` (reply --command); unknown indexes stay as they are. */
export function expandSubjectTokens(text: string, subject: string): string {
  const tokens = subject.split(".");
  return text.replace(/\{\{\s*(\d+)\s*\}\}/g, (m, n: string) => tokens[Number(n)] ?? m);
}
