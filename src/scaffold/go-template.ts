import { createHash, randomInt, randomUUID } from "node:crypto";

// natscli renders bundles with Go's text/template plus the sprig functions (choria-io/scaffold). No maintained npm
// package implements more than {{ .x }}/if/range (no variables, pipes or functions, which natscli's own bundles
// use), so this is the part of text/template bundles need: actions with trim markers and comments; if/else if/
// with/range (with $i, $v :=)/break/continue/define/template; variables; pipelines; parenthesised pipelines; Go's
// builtin functions and the common sprig ones. Values are JSON-like (objects are Go maps: keys print sorted).

/** A template that text/template would refuse to parse or fail to execute. */
export class GoTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoTemplateError";
  }
}

export type TemplateFunc = (...args: unknown[]) => unknown;

type Operand =
  | { k: "dot"; chain: string[] }
  | { k: "var"; name: string; chain: string[] }
  | { k: "lit"; v: unknown }
  | { k: "fn"; name: string }
  | { k: "pipe"; pipe: Pipeline; chain: string[] };
interface Pipeline { decls: string[]; assign: boolean; cmds: Operand[][] }
type Node =
  | { t: "text"; s: string }
  | { t: "action"; pipe: Pipeline }
  | { t: "if" | "with"; pipe: Pipeline; body: Node[]; else?: Node[] }
  | { t: "range"; pipe: Pipeline; body: Node[]; else?: Node[] }
  | { t: "break" | "continue" }
  | { t: "template"; name: string; pipe?: Pipeline };

/** A parsed template: its nodes and the templates it defines. */
export interface ParsedTemplate { name: string; nodes: Node[]; defines: Map<string, Node[]> }

const KEYWORDS = new Set(["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"]);

type Tok = { k: "id" | "field" | "var" | "str" | "num" | "punct"; v: string; val?: unknown };

function lexAction(src: string, where: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const ident = /[A-Za-z0-9_]/;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "`" || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += c !== "`" && src[j] === "\\" ? 2 : 1;
      if (j >= src.length) throw new GoTemplateError(`${where}: unterminated quoted string`);
      const raw = src.slice(i, j + 1);
      if (c === "`") toks.push({ k: "str", v: raw, val: raw.slice(1, -1) });
      else if (c === '"') {
        try { toks.push({ k: "str", v: raw, val: JSON.parse(raw.replace(/\\'/g, "'").replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")) }); } catch { throw new GoTemplateError(`${where}: bad string ${raw}`); }
      } else {
        const inner = raw.slice(1, -1);
        const ch = inner.startsWith("\\") ? (JSON.parse(`"${inner}"`) as string) : inner;
        toks.push({ k: "num", v: raw, val: ch.codePointAt(0) ?? 0 });
      }
      i = j + 1;
      continue;
    }
    if (c === "." && i + 1 < src.length && /[A-Za-z_]/.test(src[i + 1]!)) {
      let j = i + 1;
      while (j < src.length && ident.test(src[j]!)) j++;
      toks.push({ k: "field", v: src.slice(i + 1, j) });
      i = j;
      continue;
    }
    if (c === "$") {
      let j = i + 1;
      while (j < src.length && ident.test(src[j]!)) j++;
      toks.push({ k: "var", v: src.slice(i, j) });
      i = j;
      continue;
    }
    const num = /^[+-]?(0[xX][0-9a-fA-F_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?)/.exec(src.slice(i));
    if (num && num[0] && /\d/.test(num[0]) && (c !== "+" && c !== "-" || /\d|\./.test(src[i + 1] ?? ""))) {
      const text = num[0].replace(/_/g, "");
      toks.push({ k: "num", v: num[0], val: Number(text) });
      i += num[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && ident.test(src[j]!)) j++;
      toks.push({ k: "id", v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (src.startsWith(":=", i)) { toks.push({ k: "punct", v: ":=" }); i += 2; continue; }
    if ("()|=,.".includes(c)) { toks.push({ k: "punct", v: c }); i++; continue; }
    throw new GoTemplateError(`${where}: unexpected "${c}" in action`);
  }
  return toks;
}

/** Parses a template with its delimiters; unknown functions are parse errors, as in Go. */
export function parseGoTemplate(name: string, text: string, funcs: Record<string, TemplateFunc>, delims: [string, string] = ["{{", "}}"]): ParsedTemplate {
  const [L, R] = delims;
  // split into text and actions, applying trim markers
  type Piece = { text: string } | { action: string; line: number };
  const pieces: Piece[] = [];
  let pos = 0;
  let trimNext = false;
  const lineAt = (p: number) => text.slice(0, p).split("\n").length;
  while (pos <= text.length) {
    const open = text.indexOf(L, pos);
    let chunk = open < 0 ? text.slice(pos) : text.slice(pos, open);
    if (trimNext) chunk = chunk.replace(/^\s+/, "");
    trimNext = false;
    if (open < 0) { if (chunk) pieces.push({ text: chunk }); break; }
    let start = open + L.length;
    if (text.startsWith("- ", start) || text.startsWith("-\t", start) || text.startsWith("-\n", start) || text.startsWith("-\r", start)) {
      chunk = chunk.replace(/\s+$/, "");
      start += 2;
    }
    if (chunk) pieces.push({ text: chunk });
    // find the closing delimiter outside quotes
    let j = start;
    let q = "";
    let inComment = text.slice(start).trimStart().startsWith("/*");
    let end = -1;
    while (j < text.length) {
      const c = text[j]!;
      if (inComment) {
        if (text.startsWith("*/", j)) { inComment = false; j += 2; continue; }
        j++;
        continue;
      }
      if (q) {
        if (c === "\\" && q !== "`") { j += 2; continue; }
        if (c === q) q = "";
        j++;
        continue;
      }
      if (c === '"' || c === "`" || c === "'") { q = c; j++; continue; }
      if (text.startsWith(R, j)) { end = j; break; }
      j++;
    }
    if (end < 0) throw new GoTemplateError(`template: ${name}:${lineAt(open)}: unclosed action`);
    let body = text.slice(start, end);
    if (/\s-$/.test(body)) { body = body.slice(0, -2); trimNext = true; } else if (body === "-") { body = ""; trimNext = true; }
    if (!body.trim().startsWith("/*")) pieces.push({ action: body, line: lineAt(open) });
    pos = end + R.length;
  }

  const defines = new Map<string, Node[]>();
  let k = 0;
  const parseList = (closers: string[]): { nodes: Node[]; closer: string; rest: Tok[]; where: string } => {
    const nodes: Node[] = [];
    while (k < pieces.length) {
      const p = pieces[k++]!;
      if ("text" in p) { nodes.push({ t: "text", s: p.text }); continue; }
      const where = `template: ${name}:${p.line}`;
      const toks = lexAction(p.action, where);
      if (toks.length === 0) throw new GoTemplateError(`${where}: missing value for command`);
      const head = toks[0]!;
      const kw = head.k === "id" && KEYWORDS.has(head.v) ? head.v : "";
      if (kw === "end" || kw === "else") {
        if (!closers.includes(kw)) throw new GoTemplateError(`${where}: unexpected {{${kw}}}`);
        return { nodes, closer: kw, rest: toks.slice(1), where };
      }
      if (kw === "if" || kw === "with" || kw === "range") nodes.push(parseControl(kw, toks.slice(1), where));
      else if (kw === "break" || kw === "continue") nodes.push({ t: kw });
      else if (kw === "define" || kw === "block") {
        const nm = toks[1];
        if (!nm || nm.k !== "str") throw new GoTemplateError(`${where}: ${kw} needs a quoted name`);
        const inner = parseList(["end"]);
        defines.set(String(nm.val), inner.nodes);
        if (kw === "block") nodes.push({ t: "template", name: String(nm.val), pipe: toks.length > 2 ? parsePipe(toks.slice(2), where) : undefined });
      } else if (kw === "template") {
        const nm = toks[1];
        if (!nm || nm.k !== "str") throw new GoTemplateError(`${where}: template needs a quoted name`);
        nodes.push({ t: "template", name: String(nm.val), pipe: toks.length > 2 ? parsePipe(toks.slice(2), where) : undefined });
      } else nodes.push({ t: "action", pipe: parsePipe(toks, where) });
    }
    if (closers.length) throw new GoTemplateError(`template: ${name}: unexpected EOF`);
    return { nodes, closer: "", rest: [], where: "" };
  };
  const parseControl = (kw: "if" | "with" | "range", toks: Tok[], where: string): Node => {
    const pipe = parsePipe(toks, where);
    const body = parseList(["end", "else"]);
    const node: { t: "if" | "with" | "range"; pipe: Pipeline; body: Node[]; else?: Node[] } = { t: kw, pipe, body: body.nodes };
    if (body.closer === "else") {
      const again = body.rest[0];
      if (again && again.k === "id" && (again.v === "if" || again.v === "with") && kw !== "range") {
        // {{else if x}} … {{end}}: a nested control whose {{end}} also ends this one
        node.else = [parseControl(again.v as "if" | "with", body.rest.slice(1), where)];
      } else {
        const alt = parseList(["end"]);
        node.else = alt.nodes;
      }
    }
    return node;
  };
  const parsePipe = (toks: Tok[], where: string): Pipeline => {
    let t = 0;
    const decls: string[] = [];
    let assign = false;
    // $x := …, $i, $v := …, $x = …
    const declEnd = toks.findIndex((x) => x.k === "punct" && (x.v === ":=" || x.v === "="));
    if (declEnd > 0 && toks.slice(0, declEnd).every((x) => x.k === "var" || (x.k === "punct" && x.v === ","))) {
      for (const x of toks.slice(0, declEnd)) if (x.k === "var") decls.push(x.v);
      assign = toks[declEnd]!.v === "=";
      t = declEnd + 1;
    }
    const operand = (): Operand => {
      const x = toks[t++];
      if (!x) throw new GoTemplateError(`${where}: missing value`);
      let op: Operand;
      if (x.k === "punct" && x.v === "(") {
        let depth = 1;
        const s = t;
        while (t < toks.length && depth) {
          if (toks[t]!.k === "punct" && toks[t]!.v === "(") depth++;
          if (toks[t]!.k === "punct" && toks[t]!.v === ")") depth--;
          t++;
        }
        if (depth) throw new GoTemplateError(`${where}: unclosed left paren`);
        op = { k: "pipe", pipe: parsePipe(toks.slice(s, t - 1), where), chain: [] };
      } else if (x.k === "punct" && x.v === ".") op = { k: "dot", chain: [] };
      else if (x.k === "field") op = { k: "dot", chain: [x.v] };
      else if (x.k === "var") op = { k: "var", name: x.v, chain: [] };
      else if (x.k === "str" || x.k === "num") op = { k: "lit", v: x.val };
      else if (x.k === "id") {
        if (x.v === "true" || x.v === "false") op = { k: "lit", v: x.v === "true" };
        else if (x.v === "nil") op = { k: "lit", v: null };
        else {
          if (!Object.hasOwn(funcs, x.v) && !BUILTIN_NAMES.has(x.v)) throw new GoTemplateError(`${where}: function "${x.v}" not defined`);
          op = { k: "fn", name: x.v };
        }
      } else throw new GoTemplateError(`${where}: unexpected "${x.v}" in operand`);
      while (toks[t]?.k === "field" && op.k !== "lit" && op.k !== "fn") { op.chain.push(toks[t]!.v); t++; }
      return op;
    };
    const cmds: Operand[][] = [];
    let cmd: Operand[] = [];
    while (t < toks.length) {
      const x = toks[t]!;
      if (x.k === "punct" && x.v === "|") {
        if (!cmd.length) throw new GoTemplateError(`${where}: missing command before |`);
        cmds.push(cmd);
        cmd = [];
        t++;
        continue;
      }
      cmd.push(operand());
    }
    if (!cmd.length) throw new GoTemplateError(`${where}: missing value for command`);
    cmds.push(cmd);
    return { decls, assign, cmds };
  };
  const top = parseList([]);
  return { name, nodes: top.nodes, defines };
}

// ---------------------------------------------------------------------------------------------- values

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Go's template truth: false, 0, "", nil and empty lists and maps are false. */
export function truth(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** A value as Go's fmt %v prints it. */
export function goString(v: unknown): string {
  if (v === undefined) return "<no value>";
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(v).replace(/e([+-])(\d)$/, "e$10$2");
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "<nil>" : goString(x))).join(" ")}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${v[k] === undefined ? "<nil>" : goString(v[k])}`).join(" ")}]`;
  return String(v);
}

const toInt = (v: unknown): number => {
  if (typeof v === "number") return Math.trunc(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") { const n = Number.parseInt(v.trim(), 10); return Number.isFinite(n) ? n : 0; }
  return 0;
};
const toFloat = (v: unknown): number => {
  if (typeof v === "number") return v;
  if (typeof v === "string") { const n = Number.parseFloat(v); return Number.isFinite(n) ? n : 0; }
  return typeof v === "boolean" ? (v ? 1 : 0) : 0;
};
const toStr = (v: unknown): string => (v === undefined || v === null ? "" : goString(v));
const toList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : isMap(v) ? Object.keys(v).sort().map((k) => v[k]) : [v]);

function compare(a: unknown, b: unknown, fn: string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new GoTemplateError(`error calling ${fn}: incompatible types for comparison`);
}

function goEq(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (typeof a !== typeof b) throw new GoTemplateError("error calling eq: incompatible types for comparison");
  if (typeof a === "object") throw new GoTemplateError("error calling eq: non-comparable type");
  return a === b;
}

function printf(format: string, ...args: unknown[]): string {
  let i = 0;
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_m, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const a = args[i++];
    let s: string;
    switch (verb) {
      case "d": s = String(toInt(a)); break;
      case "f": case "F": s = toFloat(a).toFixed(prec === undefined ? 6 : Number(prec)); break;
      case "q": s = JSON.stringify(toStr(a)); break;
      case "t": s = String(truth(a)); break;
      case "x": s = typeof a === "number" ? a.toString(16) : Buffer.from(toStr(a)).toString("hex"); break;
      case "X": s = (typeof a === "number" ? a.toString(16) : Buffer.from(toStr(a)).toString("hex")).toUpperCase(); break;
      default: s = goString(a);
    }
    if (width && s.length < Number(width)) s = flags.includes("-") ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes("0") && verb !== "s" ? "0" : " ");
    return s;
  });
}

const indent = (n: unknown, s: unknown) => toStr(s).split("\n").map((l) => " ".repeat(toInt(n)) + l).join("\n");
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Go's builtins and the sprig functions bundles commonly use (sprig argument order: the piped value last). */
const BUILTINS: Record<string, TemplateFunc> = {
  not: (a) => !truth(a),
  eq: (a, ...b) => b.some((x) => goEq(a, x)),
  ne: (a, b) => !goEq(a, b),
  lt: (a, b) => compare(a, b, "lt") < 0,
  le: (a, b) => compare(a, b, "le") <= 0,
  gt: (a, b) => compare(a, b, "gt") > 0,
  ge: (a, b) => compare(a, b, "ge") >= 0,
  len: (a) => {
    if (typeof a === "string" || Array.isArray(a)) return a.length;
    if (isMap(a)) return Object.keys(a).length;
    throw new GoTemplateError(`error calling len: len of ${a === undefined || a === null ? "nil" : typeof a}`);
  },
  index: (a, ...keys) => {
    let v = a;
    for (const k of keys) {
      if (Array.isArray(v)) {
        const n = toInt(k);
        if (n < 0 || n >= v.length) throw new GoTemplateError(`error calling index: index out of range: ${n}`);
        v = v[n];
      } else if (isMap(v)) v = Object.hasOwn(v, toStr(k)) ? v[toStr(k)] : undefined;
      else if (v === undefined || v === null) return undefined;
      else throw new GoTemplateError(`error calling index: can't index item of type ${typeof v}`);
    }
    return v;
  },
  print: (...a) => a.map((x, i) => (i > 0 && typeof x !== "string" && typeof a[i - 1] !== "string" ? " " : "") + goString(x)).join(""),
  println: (...a) => `${a.map(goString).join(" ")}\n`,
  printf: (f, ...a) => printf(toStr(f), ...a),
  html: (s) => toStr(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;").replace(/'/g, "&#39;"),
  urlquery: (...a) => encodeURIComponent(a.map(toStr).join("")),
  // sprig: strings
  trim: (s) => toStr(s).trim(),
  trimAll: (c, s) => { const set = toStr(c); let x = toStr(s); while (x && set.includes(x[0]!)) x = x.slice(1); while (x && set.includes(x[x.length - 1]!)) x = x.slice(0, -1); return x; },
  trimPrefix: (p, s) => (toStr(s).startsWith(toStr(p)) ? toStr(s).slice(toStr(p).length) : toStr(s)),
  trimSuffix: (p, s) => (toStr(p) && toStr(s).endsWith(toStr(p)) ? toStr(s).slice(0, -toStr(p).length) : toStr(s)),
  upper: (s) => toStr(s).toUpperCase(),
  lower: (s) => toStr(s).toLowerCase(),
  title: (s) => toStr(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  repeat: (n, s) => toStr(s).repeat(Math.max(0, toInt(n))),
  replace: (o, n, s) => toStr(s).split(toStr(o)).join(toStr(n)),
  contains: (sub, s) => toStr(s).includes(toStr(sub)),
  hasPrefix: (p, s) => toStr(s).startsWith(toStr(p)),
  hasSuffix: (p, s) => toStr(s).endsWith(toStr(p)),
  quote: (...a) => a.filter((x) => x !== undefined && x !== null).map((x) => JSON.stringify(toStr(x))).join(" "),
  squote: (...a) => a.filter((x) => x !== undefined && x !== null).map((x) => `'${toStr(x)}'`).join(" "),
  cat: (...a) => a.filter((x) => x !== undefined && x !== null).map(goString).join(" "),
  nospace: (s) => toStr(s).replace(/\s+/g, ""),
  indent,
  nindent: (n, s) => `\n${indent(n, s)}`,
  trunc: (n, s) => { const x = toStr(s); const c = toInt(n); return c >= 0 ? x.slice(0, c) : x.slice(c); },
  split: (sep, s) => Object.fromEntries(toStr(s).split(toStr(sep)).map((p, i) => [`_${i}`, p])),
  splitList: (sep, s) => toStr(s).split(toStr(sep)),
  join: (sep, l) => toList(l).map(toStr).join(toStr(sep)),
  toString: (v: unknown) => toStr(v),
  toJson: (v) => JSON.stringify(v ?? null),
  toPrettyJson: (v) => JSON.stringify(v ?? null, null, "  "),
  fromJson: (s) => { try { return JSON.parse(toStr(s)) as unknown; } catch { return {}; } },
  b64enc: (s) => Buffer.from(toStr(s)).toString("base64"),
  b64dec: (s) => Buffer.from(toStr(s), "base64").toString("utf8"),
  sha256sum: (s) => createHash("sha256").update(toStr(s)).digest("hex"),
  // sprig: defaults and flow
  default: (d, v) => (truth(v) ? v : d),
  empty: (v) => !truth(v),
  coalesce: (...a) => a.find(truth),
  ternary: (t, f, c) => (truth(c) ? t : f),
  required: (msg, v: unknown) => { if (!truth(v)) throw new GoTemplateError(toStr(msg)); return v; },
  fail: (msg) => { throw new GoTemplateError(toStr(msg)); },
  // sprig: numbers
  add: (...a) => a.reduce<number>((s, x) => s + toInt(x), 0),
  add1: (a) => toInt(a) + 1,
  sub: (a, b) => toInt(a) - toInt(b),
  mul: (...a) => a.reduce<number>((s, x) => s * toInt(x), 1),
  div: (a, b) => { if (toInt(b) === 0) throw new GoTemplateError("error calling div: integer divide by zero"); return Math.trunc(toInt(a) / toInt(b)); },
  mod: (a, b) => { if (toInt(b) === 0) throw new GoTemplateError("error calling mod: integer divide by zero"); return toInt(a) % toInt(b); },
  max: (...a) => Math.max(...a.map(toInt)),
  min: (...a) => Math.min(...a.map(toInt)),
  int: toInt,
  int64: toInt,
  atoi: toInt,
  float64: toFloat,
  seq: (...a) => {
    const n = a.map(toInt);
    const [start, step, end] = n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, n[0]! <= n[1]! ? 1 : -1, n[1]!] : [n[0]!, n[1]!, n[2]!];
    const out: number[] = [];
    if (step === 0) return "";
    for (let i = start; step > 0 ? i <= end : i >= end; i += step) { out.push(i); if (out.length > 100_000) break; }
    return out.join(" ");
  },
  until: (n) => Array.from({ length: Math.max(0, Math.min(toInt(n), 100_000)) }, (_, i) => i),
  // sprig: lists and dicts
  list: (...a) => a,
  append: (l, v) => [...toList(l), v],
  push: (l, v) => [...toList(l), v],
  prepend: (l, v) => [v, ...toList(l)],
  first: (l) => toList(l)[0],
  last: (l) => toList(l).at(-1),
  rest: (l) => toList(l).slice(1),
  initial: (l) => toList(l).slice(0, -1),
  uniq: (l) => [...new Set(toList(l))],
  compact: (l) => toList(l).filter(truth),
  has: (v, l) => toList(l).includes(v),
  sortAlpha: (l) => toList(l).map(toStr).sort(),
  dict: (...a) => { const d: Record<string, unknown> = {}; for (let i = 0; i < a.length; i += 2) d[toStr(a[i])] = a[i + 1] ?? ""; return d; },
  set: (d, k, v) => { if (!isMap(d)) throw new GoTemplateError("error calling set: not a dict"); d[toStr(k)] = v; return d; },
  unset: (d, k) => { if (isMap(d)) delete d[toStr(k)]; return d; },
  get: (d, k) => (isMap(d) && Object.hasOwn(d, toStr(k)) ? d[toStr(k)] : ""),
  hasKey: (d, k) => isMap(d) && Object.hasOwn(d, toStr(k)),
  keys: (...ds) => ds.flatMap((d) => (isMap(d) ? Object.keys(d) : [])),
  values: (d) => (isMap(d) ? Object.values(d) : []),
  // sprig: random values (for generated secrets)
  randAlphaNum: (n) => Array.from({ length: Math.max(0, toInt(n)) }, () => ALNUM[randomInt(ALNUM.length)]).join(""),
  uuidv4: () => randomUUID(),
};
const BUILTIN_NAMES = new Set([...Object.keys(BUILTINS), "and", "or"]);

class Flow { constructor(readonly kind: "break" | "continue") {} }

/** Runs a parsed template over `data`; `funcs` add to (and override) the builtins. */
export function executeGoTemplate(t: ParsedTemplate, data: unknown, funcs: Record<string, TemplateFunc> = {}): string {
  const fns: Record<string, TemplateFunc> = { ...BUILTINS, ...funcs };
  let out = "";
  const scopes: Map<string, unknown>[] = [new Map([["$", data]])];
  const lookup = (name: string): unknown => {
    for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]!.has(name)) return scopes[i]!.get(name);
    throw new GoTemplateError(`template: ${t.name}: undefined variable: ${name}`);
  };
  const field = (v: unknown, chain: string[], what: string): unknown => {
    let x = v;
    for (const f of chain) {
      if (isMap(x)) x = Object.hasOwn(x, f) ? x[f] : undefined;
      else if (x === undefined || x === null) throw new GoTemplateError(`template: ${t.name}: nil pointer evaluating ${what}.${f}`);
      else throw new GoTemplateError(`template: ${t.name}: can't evaluate field ${f} in type ${Array.isArray(x) ? "slice" : typeof x}`);
    }
    return x;
  };
  const evalOperand = (op: Operand, dot: unknown): unknown => {
    switch (op.k) {
      case "dot": return field(dot, op.chain, "interface {}");
      case "var": return field(lookup(op.name), op.chain, op.name);
      case "lit": return op.v;
      case "pipe": return field(evalPipe(op.pipe, dot), op.chain, "interface {}");
      case "fn": return call(op.name, [], dot, undefined);
    }
  };
  const call = (name: string, args: Operand[], dot: unknown, piped: { v: unknown } | undefined): unknown => {
    if (name === "and" || name === "or") {
      const vals = [...args.map((a) => () => evalOperand(a, dot)), ...(piped ? [() => piped.v] : [])];
      if (!vals.length) throw new GoTemplateError(`template: ${t.name}: wrong number of args for ${name}`);
      let v: unknown;
      for (const f of vals) {
        v = f();
        if (name === "and" ? !truth(v) : truth(v)) return v;
      }
      return v;
    }
    const f = Object.hasOwn(fns, name) ? fns[name] : undefined;
    if (!f) throw new GoTemplateError(`template: ${t.name}: function "${name}" not defined`);
    const vals = args.map((a) => evalOperand(a, dot));
    if (piped) vals.push(piped.v);
    try {
      return f(...vals);
    } catch (e) {
      if (e instanceof GoTemplateError || e instanceof Flow) throw e;
      throw new GoTemplateError(`template: ${t.name}: error calling ${name}: ${(e as Error).message}`);
    }
  };
  const evalPipe = (p: Pipeline, dot: unknown): unknown => {
    let piped: { v: unknown } | undefined;
    for (const cmd of p.cmds) {
      const head = cmd[0]!;
      let v: unknown;
      if (head.k === "fn") v = call(head.name, cmd.slice(1), dot, piped);
      else {
        if (cmd.length > 1 || piped) throw new GoTemplateError(`template: ${t.name}: can't give argument to non-function`);
        v = evalOperand(head, dot);
      }
      piped = { v };
    }
    const v = piped!.v;
    if (p.decls.length === 1) {
      const name = p.decls[0]!;
      if (p.assign) {
        const s = [...scopes].reverse().find((m) => m.has(name));
        if (!s) throw new GoTemplateError(`template: ${t.name}: undefined variable: ${name}`);
        s.set(name, v);
      } else scopes[scopes.length - 1]!.set(name, v);
    }
    return v;
  };
  const run = (nodes: Node[], dot: unknown): void => {
    for (const n of nodes) {
      switch (n.t) {
        case "text": out += n.s; break;
        case "action": {
          const v = evalPipe(n.pipe, dot);
          if (!n.pipe.decls.length) out += goString(v);
          break;
        }
        case "if": case "with": {
          scopes.push(new Map());
          try {
            const v = evalPipe(n.pipe, dot);
            if (truth(v)) run(n.body, n.t === "with" ? v : dot);
            else if (n.else) run(n.else, dot);
          } finally { scopes.pop(); }
          break;
        }
        case "range": {
          scopes.push(new Map());
          try {
            const decls = n.pipe.decls;
            const v = evalPipe({ ...n.pipe, decls: [] }, dot);
            let entries: [unknown, unknown][];
            if (Array.isArray(v)) entries = v.map((x, i) => [i, x]);
            else if (isMap(v)) entries = Object.keys(v).sort().map((k) => [k, v[k]]);
            else if (typeof v === "number" && Number.isInteger(v)) entries = Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]);
            else if (v === undefined || v === null) entries = [];
            else throw new GoTemplateError(`template: ${t.name}: range can't iterate over ${goString(v)}`);
            if (!entries.length) { if (n.else) run(n.else, dot); break; }
            for (const [key, val] of entries) {
              const s = scopes[scopes.length - 1]!;
              if (decls.length === 1) s.set(decls[0]!, val);
              if (decls.length === 2) { s.set(decls[0]!, key); s.set(decls[1]!, val); }
              try { run(n.body, val); } catch (e) {
                if (e instanceof Flow) { if (e.kind === "break") break; continue; }
                throw e;
              }
            }
          } finally { scopes.pop(); }
          break;
        }
        case "break": case "continue": throw new Flow(n.t);
        case "template": {
          const body = t.defines.get(n.name);
          if (!body) throw new GoTemplateError(`template: ${t.name}: no such template "${n.name}"`);
          const v = n.pipe ? evalPipe(n.pipe, dot) : undefined;
          scopes.push(new Map([["$", v]]));
          try { run(body, v); } finally { scopes.pop(); }
          break;
        }
      }
    }
  };
  run(t.nodes, data);
  return out;
}

/** Parses and runs a template in one go. */
export function renderGoTemplate(name: string, text: string, data: unknown, funcs: Record<string, TemplateFunc> = {}, delims?: [string, string]): string {
  return executeGoTemplate(parseGoTemplate(name, text, funcs, delims), data, funcs);
}
