import type { MsgHdrs } from "@nats-io/transport-node";
import { CliError, usageError } from "../../errors.js";
import type { OptionDef } from "../../global-options.js";
import type { JqProgram } from "../../output/jq.js";
import { goDuration, headersObject, jsonData, messageJson } from "../../output/message.js";
import { parseTimerDuration } from "../../util/duration.js";
import { parseIntFlag } from "../../util/flags.js";

// Assertions on replies for CI smoke checks (`req`, `service request`): each failure has its own exit code
// (README "Exit codes") and one line saying what was expected and what came (natscli #958 asks for this).

/** The exit codes of failed assertions: after server status's 10–17, never colliding with the general ones. */
export const ExpectExit = {
  DATA: 20,
  HEADER: 21,
  JQ: 22,
  SERVICE_ERROR: 23,
  LATENCY: 24,
} as const;

/** The assertion flags, as data: commander registers them and `req`'s fast path reads them (src/fast-args.ts). */
export const EXPECT_OPTIONS: readonly OptionDef[] = [
  { long: "--expect-data", arg: "<regex>", description: "Fail (exit 20) unless every reply body matches this regular expression (natsx)" },
  { long: "--expect-header", arg: "<key[=regex]>", description: "Fail (exit 21) unless every reply has this header, with a value matching the regular expression when given (repeatable, natsx)", repeatable: true },
  { long: "--expect-jq", arg: "<filter>", description: "Fail (exit 22) unless this jq filter is true for every reply's --json record, data parsed when it is JSON (natsx)" },
  { long: "--fail-on-service-error", description: "Fail (exit 23) when a reply carries a Nats-Service-Error header (natsx)", default: false },
  { long: "--repeat", arg: "<n>", description: "Send the request N times, one after the other, and print latency figures (natsx)" },
  { long: "--max-latency", arg: "<duration>", description: "Fail (exit 24) when a reply took longer than this (with --repeat: any of them) (natsx)" },
];

export interface ExpectOptions {
  expectData?: string;
  expectHeader?: string[];
  expectJq?: string;
  failOnServiceError?: boolean;
  repeat?: string;
  maxLatency?: string;
}

/** A reply as the assertions see it. */
export interface CheckedReply {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/** Quotes what came for the failure line: escaped, at most 100 characters. */
function shown(s: string): string {
  const q = JSON.stringify(s);
  return q.length > 102 ? `${q.slice(0, 100)}…"` : q;
}

function regex(source: string, flag: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw usageError(`invalid ${flag} regular expression "${source}": ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`);
  }
}

/** The checks asked for, compiled before anything is sent; check() throws the failure of a reply. */
export class Expectations {
  readonly repeat?: number;
  readonly maxLatencyMs?: number;
  private readonly data?: RegExp;
  private readonly headers: { name: string; value?: RegExp; spec: string }[];
  private rtts: number[] = [];
  private slow = 0;

  private constructor(private readonly opts: ExpectOptions, private readonly jq: JqProgram | undefined) {
    if (opts.expectData !== undefined) this.data = regex(opts.expectData, "--expect-data");
    this.headers = (opts.expectHeader ?? []).map((spec) => {
      const eq = spec.indexOf("=");
      const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
      if (!name) throw usageError(`invalid --expect-header "${spec}": expected KEY or KEY=REGEX`);
      return { name, spec, value: eq < 0 ? undefined : regex(spec.slice(eq + 1), "--expect-header") };
    });
    if (opts.repeat !== undefined) this.repeat = parseIntFlag(opts.repeat, "--repeat", { min: 1 });
    if (opts.maxLatency !== undefined) this.maxLatencyMs = parseTimerDuration(opts.maxLatency, "--max-latency");
  }

  /** Compiles the flags (the jq engine only for --expect-jq); undefined when none was given. */
  static async from(opts: ExpectOptions): Promise<Expectations | undefined> {
    const any = opts.expectData !== undefined || opts.expectHeader?.length || opts.expectJq !== undefined || opts.failOnServiceError || opts.repeat !== undefined || opts.maxLatency !== undefined;
    if (!any) return undefined;
    const jq = opts.expectJq !== undefined ? await (await import("../../output/jq.js")).JqProgram.compile(opts.expectJq, "--expect-jq") : undefined;
    return new Expectations(opts, jq);
  }

  /** Checks one reply (its number `n` among the requests): throws the first failed assertion. */
  async check(m: CheckedReply, rttMs: number, n: number): Promise<void> {
    const which = this.repeat && this.repeat > 1 ? `reply to request ${n}` : "the reply";
    this.rtts.push(rttMs);
    if (this.opts.failOnServiceError) {
      const err = m.headers?.get("Nats-Service-Error");
      if (err) {
        const code = m.headers?.get("Nats-Service-Error-Code");
        throw new CliError(`expected no service error (--fail-on-service-error), ${which} has Nats-Service-Error ${shown(err)}${code ? ` with Nats-Service-Error-Code ${code}` : ""}`, { exitCode: ExpectExit.SERVICE_ERROR });
      }
    }
    for (const h of this.headers) {
      const values = m.headers ? m.headers.values(h.name) : [];
      if (!m.headers?.has(h.name)) {
        const names = headersObject(m.headers);
        throw new CliError(`expected header ${shown(h.name)} (--expect-header ${h.spec}), ${which} has ${names ? `only ${Object.keys(names).map((k) => shown(k)).join(", ")}` : "no headers"}`, { exitCode: ExpectExit.HEADER });
      }
      if (h.value && !values.some((v) => h.value!.test(v))) {
        throw new CliError(`expected header ${shown(h.name)} to match /${h.value.source}/ (--expect-header), ${which} has ${values.map(shown).join(", ")}`, { exitCode: ExpectExit.HEADER });
      }
    }
    if (this.data) {
      const text = Buffer.from(m.data).toString("utf8");
      if (!this.data.test(text)) throw new CliError(`expected the body to match /${this.data.source}/ (--expect-data), ${which} is ${shown(text)}`, { exitCode: ExpectExit.DATA });
    }
    if (this.jq) {
      const { whereText } = await import("../../output/jq.js");
      const d = jsonData(m.data);
      const record = messageJson(m.subject, m.headers, m.data);
      record.rtt_ms = Math.round(rttMs * 1000) / 1000;
      const text = whereText(record);
      const r = this.jq.test([text]);
      if (!r.keep[0]) {
        const why = r.errors[0] ? `failed: ${r.errors[0]}` : "is false";
        throw new CliError(`expected ${shown(this.jq.filter)} (--expect-jq) to be true, it ${why} for ${which}, whose data is ${shown(d.data)}`, { exitCode: ExpectExit.JQ });
      }
    }
    if (this.maxLatencyMs !== undefined && rttMs > this.maxLatencyMs) {
      this.slow++;
      // a single request fails at once; a --repeat run counts them and fails at the end (latencyVerdict)
      if (!this.repeat || this.repeat === 1) {
        throw new CliError(`expected a reply within ${goDuration(this.maxLatencyMs)} (--max-latency), it took ${goDuration(rttMs)}`, { exitCode: ExpectExit.LATENCY });
      }
    }
  }

  /** The latency line of a --repeat run (stderr), or undefined when there were no replies. */
  summary(): string | undefined {
    if (this.rtts.length === 0) return undefined;
    const s = [...this.rtts].sort((a, b) => a - b);
    const q = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
    const avg = s.reduce((a, b) => a + b, 0) / s.length;
    const d = (ms: number) => goDuration(Math.round(ms * 1000) / 1000);
    return `${s.length} replies: min ${d(s[0]!)} avg ${d(avg)} p50 ${d(q(50))} p90 ${d(q(90))} p99 ${d(q(99))} max ${d(s[s.length - 1]!)}`;
  }

  /** Throws exit 24 when replies of a --repeat run were slower than --max-latency. */
  latencyVerdict(): void {
    if (this.slow === 0 || this.maxLatencyMs === undefined) return;
    const max = Math.max(...this.rtts);
    throw new CliError(`expected every reply within ${goDuration(this.maxLatencyMs)} (--max-latency), ${this.slow} of ${this.rtts.length} took longer (slowest ${goDuration(Math.round(max * 1000) / 1000)})`, { exitCode: ExpectExit.LATENCY });
  }
}
