import { jetstream, jetstreamManager, type PubAck } from "@nats-io/jetstream";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import type { JsOptions } from "../context/connect.js";
import { CliError, ExitCode } from "../errors.js";
import { commas } from "../util/size.js";
import { cleanJs } from "./util.js";

/** What `pub -J` needs besides subject and body. */
export interface JsPublishOptions {
  /** Nats-Msg-Id header for de-duplication within the stream's duplicate window. */
  msgId?: string;
  headers?: MsgHdrs;
  /** Milliseconds to wait for the PubAck (defaults to the JetStream timeout). */
  timeout?: number;
  /** Only store when the stream has this name. */
  expectStream?: string;
}

/** The stored message's place, from the PubAck. */
export interface JsPublishResult {
  stream: string;
  seq: number;
  duplicate: boolean;
  domain?: string;
}

/**
 * Publishes to JetStream and waits for the PubAck. A subject no stream captures is a CliError
 * (exit 7) saying so, instead of the client's misleading "jetstream is not enabled" (natsjs.md §4.5).
 */
export async function jsPublish(nc: NatsConnection, jsOpts: JsOptions, subject: string, data: Uint8Array | string, o: JsPublishOptions = {}): Promise<JsPublishResult> {
  const js = jetstream(nc, cleanJs(jsOpts));
  let pa: PubAck;
  try {
    pa = await js.publish(subject, data, {
      msgID: o.msgId,
      headers: o.headers,
      timeout: o.timeout ?? jsOpts.timeout,
      expect: o.expectStream ? { streamName: o.expectStream } : undefined,
    });
  } catch (e) {
    throw await explainPublishError(nc, jsOpts, subject, e);
  }
  return { stream: pa.stream, seq: pa.seq, duplicate: Boolean(pa.duplicate), domain: pa.domain };
}

async function explainPublishError(nc: NatsConnection, jsOpts: JsOptions, subject: string, e: unknown): Promise<unknown> {
  const name = (e as Error)?.name;
  if (name !== "JetStreamNotEnabled" && name !== "NoRespondersError") return e;
  // No responder: either JetStream is off, or no stream listens on the subject. Ask the API which.
  try {
    await jetstreamManager(nc, cleanJs(jsOpts));
  } catch (e2) {
    return e2;
  }
  return new CliError(`no stream captures subject "${subject}": the message was not stored`, { exitCode: ExitCode.NOT_FOUND, hint: "create a stream for it with `nats stream add --subjects`, or publish without -J" });
}

/** natscli's `pub -J` log line: `Stored in Stream: S Sequence: N` plus Domain / Duplicate when set. */
export function formatPubAck(r: JsPublishResult): string {
  let s = `Stored in Stream: ${r.stream} Sequence: ${commas(r.seq)}`;
  if (r.domain) s += ` Domain: "${r.domain}"`;
  if (r.duplicate) s += " Duplicate: true";
  return s;
}
