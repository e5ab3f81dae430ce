import type { MsgHdrs } from "@nats-io/transport-node";
import { usageError } from "../errors.js";
import { compileTemplate, TemplateError, type TemplateFields, type TemplateVars } from "./template.js";

/** What `--format` can show of a message, a stored message, a KV entry or an object. */
export interface FormatRecord {
  subject: string;
  reply?: string;
  data?: Uint8Array;
  headers?: MsgHdrs | Record<string, string[]>;
  /** When it was stored (JetStream, KV, object) or received (core messages). */
  time?: Date;
  seq?: number;
  stream?: string;
  /** The size when there is no body at hand (objects). */
  size?: number;
  /** The kind's own fields: Key, Bucket, Revision, Operation (KV); Name, Bucket, Digest, Chunks (objects). */
  extra?: Record<string, string | number | boolean | undefined>;
}

/** The message fields every --format template can use (kcat's -f, mosquitto_sub -F), as Go template fields. */
export const FORMAT_FIELDS = ["Subject", "Reply", "Data", "Size", "Header", "Headers", "Time", "Seq", "Stream", "Base64", "Hex"] as const;

const text = new TextDecoder();

function headerValues(h: FormatRecord["headers"], name: string): string[] {
  if (!h) return [];
  if (typeof (h as MsgHdrs).values === "function") return (h as MsgHdrs).values(name);
  const o = h as Record<string, string[]>;
  const k = Object.keys(o).find((x) => x.toLowerCase() === name.toLowerCase());
  return k ? o[k]! : [];
}

function headersJson(h: FormatRecord["headers"]): string {
  if (!h) return "{}";
  if (typeof (h as MsgHdrs).keys === "function") {
    const o: Record<string, string[]> = {};
    for (const k of (h as MsgHdrs).keys()) o[k] = (h as MsgHdrs).values(k);
    return JSON.stringify(o);
  }
  return JSON.stringify(h);
}

const bytes = (d: Uint8Array | undefined) => Buffer.from(d?.buffer ?? new ArrayBuffer(0), d?.byteOffset ?? 0, d?.byteLength ?? 0);

function field(name: string, args: string[], extras: readonly string[]): ((v: TemplateVars) => string) | undefined {
  const r = (v: TemplateVars) => v.record as FormatRecord;
  const none = () => {
    if (args.length) throw new TemplateError(`wrong number of args for ${name}: want 0 got ${args.length}`);
  };
  switch (name) {
    case "Subject": none(); return (v) => r(v).subject;
    case "Reply": none(); return (v) => r(v).reply ?? "";
    case "Data": none(); return (v) => text.decode(r(v).data ?? new Uint8Array());
    case "Size": none(); return (v) => String(r(v).size ?? r(v).data?.length ?? 0);
    case "Time": none(); return (v) => r(v).time?.toISOString() ?? "";
    case "Seq": none(); return (v) => (r(v).seq === undefined ? "" : String(r(v).seq));
    case "Stream": none(); return (v) => r(v).stream ?? "";
    case "Base64": none(); return (v) => bytes(r(v).data).toString("base64");
    case "Hex": none(); return (v) => bytes(r(v).data).toString("hex");
    case "Headers": none(); return (v) => headersJson(r(v).headers);
    case "Header": {
      if (args.length !== 1) throw new TemplateError(`wrong number of args for Header: want 1 (a quoted header name, {{.Header "Name"}}) got ${args.length}`);
      const h = args[0]!;
      return (v) => headerValues(r(v).headers, h)[0] ?? "";
    }
    default:
      if (!extras.includes(name)) return undefined;
      none();
      return (v) => {
        const x = r(v).extra?.[name];
        return x === undefined ? "" : String(x);
      };
  }
}

/** `\n`, `\t` and `\\` outside the `{{…}}` actions, so a shell needs no $'…' for a tab. */
function unescape(source: string): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{{", i);
    const lit = open < 0 ? source.slice(i) : source.slice(i, open);
    out += lit.replace(/\\([nt\\])/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\"));
    if (open < 0) break;
    const close = source.indexOf("}}", open + 2);
    if (close < 0) { out += source.slice(open); break; }
    out += source.slice(open, close + 2);
    i = close + 2;
  }
  return out;
}

/** A compiled --format: renders one line (a newline added) for a record and its number. */
export type MessageFormat = (r: FormatRecord, count: number, now: number) => string;

/**
 * Compiles a --format template: the message fields (FORMAT_FIELDS), the kind's own `extras`, and natscli's template
 * functions ({{Count}} is the record's number, {{ID}}, {{Random 1 5}}, {{Unix}}…). A bad template is exit 2.
 */
export function compileFormat(source: string, extras: readonly string[] = [], flag = "--format"): MessageFormat {
  const fields: TemplateFields = (name, args) => field(name, args, extras);
  let t;
  try {
    t = compileTemplate(unescape(source), fields);
  } catch (e) {
    throw usageError(`invalid ${flag} template "${source}": ${(e as Error).message}`, `fields: ${[...FORMAT_FIELDS, ...extras].map((f) => `{{.${f}}}`).join(" ")}, and the template functions ({{Count}}, {{ID}}, {{Unix}}…)`);
  }
  return (record, count, now) => `${t.render({ count, now, record })}\n`;
}
