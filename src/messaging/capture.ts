import { headers as makeHeaders } from "../nats-client.js";
import type { MsgHdrs } from "@nats-io/transport-node";
import { CliError, ExitCode } from "../errors.js";
import { messageJson } from "../output/message.js";

// The capture format: what `sub --json` writes, one message per line, and what `pub --replay`, `stream export`
// and `stream import` read and write. A body that is not UTF-8 is base64 with "encoding": "base64", so bytes
// survive; headers are {"Name": ["value", …]}.

/** One captured message, decoded. */
export interface CapturedMessage {
  subject: string;
  reply?: string;
  headers?: MsgHdrs;
  data: Uint8Array;
  /** When it was stored (`time`, JetStream) or else received (`received`): the pace of a replay. */
  at?: number;
  /** Its stream sequence, when it came from a stream. */
  seq?: number;
}

/** Decodes one capture line; `where` names it in errors (`capture.ndjson line 3`). */
export function decodeCaptured(line: string, where: string): CapturedMessage {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(line) as Record<string, unknown>;
  } catch (e) {
    throw bad(`${where} is not JSON (${(e as Error).message.replace(/^.*?: /, "")})`);
  }
  if (!r || typeof r !== "object" || Array.isArray(r)) throw bad(`${where} is not a JSON object`);
  if (typeof r.subject !== "string" || !r.subject) throw bad(`${where} has no "subject"`);
  if (typeof r.data !== "string") throw bad(`${where} has no "data" string`);
  let data: Uint8Array;
  if (r.encoding === "base64") data = Buffer.from(r.data, "base64");
  else if (r.encoding === undefined) data = Buffer.from(r.data, "utf8");
  else throw bad(`${where} has an unknown "encoding" ${JSON.stringify(r.encoding)} (only "base64")`);
  const m: CapturedMessage = { subject: r.subject, data };
  if (typeof r.reply === "string" && r.reply) m.reply = r.reply;
  if (r.headers !== undefined) {
    if (!r.headers || typeof r.headers !== "object" || Array.isArray(r.headers)) throw bad(`${where}: "headers" must be an object of string lists`);
    const h = makeHeaders();
    for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) {
      const vals = Array.isArray(v) ? v : [v];
      for (const x of vals) {
        if (typeof x !== "string") throw bad(`${where}: header "${k}" must be a string or a list of strings`);
        h.append(k, x);
      }
    }
    m.headers = h;
  }
  const t = typeof r.time === "string" ? r.time : typeof r.received === "string" ? r.received : undefined;
  if (t !== undefined) {
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) throw bad(`${where}: "${typeof r.time === "string" ? "time" : "received"}" is not a time: ${JSON.stringify(t)}`);
    m.at = ms;
  }
  if (typeof r.sequence === "number") m.seq = r.sequence;
  return m;
}

function bad(message: string): CliError {
  return new CliError(message, { exitCode: ExitCode.USAGE, hint: "the file must hold what `nats sub --json` or `nats stream export` writes, one message per line" });
}

/** A stored message as a capture line (the same keys as `sub --stream --json`, count first, JetStream fields last). */
export function capturedLine(m: { subject: string; headers?: MsgHdrs; data: Uint8Array; stream: string; seq: number; time: Date }, count: number): string {
  const o: Record<string, unknown> = { count, ...messageJson(m.subject, m.headers, m.data) };
  o.stream = m.stream;
  o.sequence = m.seq;
  o.time = m.time.toISOString();
  return `${JSON.stringify(o)}\n`;
}
