import { existsSync, readFileSync } from "node:fs";
import type { MsgHdrs } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { CliError } from "../../errors.js";
import type { ArgumentDef } from "../../fast-args.js";
import type { OptionDef } from "../../global-options.js";
import { log } from "../../output/io.js";
import { buildHeaders, headersConstant, parseHeaderFlags, type HeaderSpec } from "../../util/headers.js";
import { checkPublishSubject } from "../../util/subject.js";
import { templateOrLiteral, type Template, type TemplateVars } from "../../util/template.js";

// Message composition shared by `pub` and `req` (and their flags): the body from an argument, stdin or --file,
// templated subjects, bodies and headers.

/** The `-H`, stdin, template and `--file` flags shared by pub and req. */
export const BODY_OPTIONS: readonly OptionDef[] = [
  { short: "-H", long: "--header", arg: "<KEY:VALUE>", description: "Adds headers to the message using K:V format (repeatable)", repeatable: true },
  { long: "--force-stdin", description: "Force reading from stdin", default: false },
  { long: "--send-on", arg: "<when>", description: "When to send data from stdin: 'eof' or 'newline'", choices: ["eof", "newline"], default: "eof" },
  { long: "--templates", description: "Enables template functions in the body and subject (default)" },
  { long: "--no-templates", description: "Disables template functions in the body and subject" },
  { short: "-f", long: "--file", arg: "<path>", description: "Read the message body from a file (natsx: replaces natscli's implicit @file expansion)" },
];

/** The positional arguments of pub and req. */
export const messageArgs = (subjectDescription: string): readonly ArgumentDef[] => [
  { spec: "<subject>", description: subjectDescription },
  { spec: "[body]", description: "Message body" },
];

/** A message body: bytes as they are, or a template rendered per message. */
export type Body = { constant: Uint8Array } | { tpl: Template };

/** Builds per-message subjects, bodies and headers from templates, rendering once when they are constant. */
export class MessageComposer {
  private readonly enc = new TextEncoder();
  private readonly subjectTpl: Template;
  private readonly hdrSpecs: HeaderSpec[];
  private readonly fixedHeaders?: MsgHdrs;
  private readonly hdrConstant: boolean;
  /** The subject or a header reads the clock: read it per message (otherwise only for body templates that do). */
  private readonly clock: boolean;

  constructor(private readonly deps: Deps, subject: string, headerFlags: string[] | undefined, readonly templates: boolean, private readonly warn: (m: string) => void) {
    this.subjectTpl = templateOrLiteral(subject, templates, "subject", warn);
    this.hdrSpecs = parseHeaderFlags(headerFlags, warn);
    this.hdrConstant = headersConstant(this.hdrSpecs);
    if (this.hdrConstant) this.fixedHeaders = buildHeaders(this.hdrSpecs, { count: 0, now: deps.now() });
    if (this.subjectTpl.constant) checkPublishSubject(subject);
    this.clock = Boolean(this.subjectTpl.usesClock || this.hdrSpecs.some((h) => h.value.usesClock));
  }

  /** true when the subject changes per message. */
  subjectIsTemplate(): boolean {
    return !this.subjectTpl.constant;
  }

  /** true when every message gets the same headers (or none). */
  headersConstant(): boolean {
    return this.hdrConstant;
  }

  /** The template values of message `count`; the clock is read only when a template of it (or of `body`) needs it. */
  vars(count: number, body?: Body): TemplateVars {
    return { count, now: this.clock || (body && "tpl" in body && body.tpl.usesClock) ? this.deps.now() : 0 };
  }

  subject(v: TemplateVars): string {
    if (this.subjectTpl.constant) return this.subjectTpl.source;
    const s = this.subjectTpl.render(v);
    checkPublishSubject(s);
    return s;
  }

  headers(v: TemplateVars): MsgHdrs | undefined {
    return this.hdrConstant ? this.fixedHeaders : buildHeaders(this.hdrSpecs, v);
  }

  /** A body template; bodies without "{{" skip compiling entirely (the fast path for piped lines). */
  body(text: string | Uint8Array): Body {
    if (typeof text !== "string") {
      const buf = Buffer.isBuffer(text) ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
      if (!this.templates || buf.indexOf("{{") < 0) return { constant: text };
      text = buf.toString("utf8");
    }
    const tpl = templateOrLiteral(text, this.templates, "body", this.warn);
    return tpl.constant ? { constant: this.enc.encode(tpl.source) } : { tpl };
  }

  render(b: Body, v: TemplateVars): Uint8Array {
    return "constant" in b ? b.constant : this.enc.encode(b.tpl.render(v));
  }
}

/** Reads a message body from the file named by --file; a missing or unreadable file is one clear error. */
export async function readBodyFile(path: string): Promise<Buffer> {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new CliError(`cannot read the body file "${path}": ${why}`);
  }
}

/**
 * natscli expands `@file` arguments implicitly (fisk); natsx sends them literally. When a body that
 * looks like `@name` names an existing file, say so on stderr, so nobody is surprised either way.
 */
export function noteAtFile(deps: Deps, body: string): void {
  if (body.length > 1 && body.startsWith("@") && !body.includes("\n") && existsSync(body.slice(1))) {
    log(deps.io, deps.now(), `Note: the body "${body}" is sent literally; use --file ${body.slice(1)} to send that file's contents`);
  }
}
