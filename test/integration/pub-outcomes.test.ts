import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, startCli, type CliResult, cliError } from "../helpers/run-cli.js";

// pub -J's three outcomes against a real server that stops answering mid-run (SIGSTOP): what it
// reports must match what the stream really holds. Its own server: the tests freeze it.
let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  server?.proc.kill("SIGCONT");
  await nc?.close();
  await server?.stop();
});

interface Report {
  sent: number; stored: number; duplicates: number; not_stored: number; unconfirmed: number;
  streams: { stream: string; stored: number; duplicates: number; last_sequence: number }[];
  failures: { message: number; subject: string; msg_id?: string; outcome: string; error: string }[];
  interrupted: boolean;
}

const messages = async (stream: string) => (await jsm.streams.info(stream)).state.messages;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stream's count once it stopped changing (the server stores what it read after SIGCONT). */
async function settledCount(stream: string): Promise<number> {
  let last = -1;
  for (;;) {
    const n = await messages(stream);
    if (n === last) return n;
    last = n;
    await sleep(300);
  }
}

/**
 * Runs `pub -J … --json` and freezes the server once `stopAt` messages are in the stream: the acks in
 * flight then time out. The server resumes after pub has given up.
 */
async function pubThroughAFreeze(args: string[], stream: string, stopAt: number): Promise<CliResult> {
  const pub = startCli(["pub", "-J", "-s", server.url, "--timeout", "500ms", "--json", ...args]);
  let exited = false;
  void pub.result.then(() => { exited = true; }, () => { exited = true; });
  // On a loaded machine an ack can miss the 500ms before the stream reaches stopAt: pub then stops on
  // its own, with the same outcome to report, and there is nothing left to freeze.
  while (!exited && (await messages(stream)) < stopAt) await sleep(10);
  if (exited) return pub.result;
  server.proc.kill("SIGSTOP");
  try {
    await pub.waitFor(cliError(""), { stream: "err", timeoutMs: 15_000 });
  } finally {
    server.proc.kill("SIGCONT");
  }
  return pub.result;
}

describe("pub -J outcomes", () => {
  it("acks that time out are reported as unconfirmed, and the stream holds no more than stored + unconfirmed", async () => {
    await jsm.streams.add({ name: "FROZEN", subjects: ["frozen.>"] });
    const r = await pubThroughAFreeze(["frozen.x", "m {{Count}}", "--count", "100000"], "FROZEN", 2000);
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.unconfirmed).toBeGreaterThan(0);
    expect(doc.stored).toBeGreaterThan(0);
    expect(doc.stored + doc.duplicates + doc.not_stored + doc.unconfirmed).toBe(doc.sent);
    expect(doc.failures).toHaveLength(doc.unconfirmed);
    expect(doc.failures.every((f) => f.outcome === "unconfirmed" && f.subject === "frozen.x")).toBe(true);
    expect(doc.streams).toEqual([{ stream: "FROZEN", stored: doc.stored, duplicates: 0, last_sequence: expect.any(Number) }]);
    expect(doc.streams[0]!.last_sequence).toBeGreaterThanOrEqual(doc.stored);
    // what pub could not confirm may have been stored: the stream has between `stored` and `stored + unconfirmed`
    const inStream = await settledCount("FROZEN");
    expect(inStream).toBeGreaterThanOrEqual(doc.stored);
    expect(inStream).toBeLessThanOrEqual(doc.stored + doc.unconfirmed);
    const err = r.stderr.trim().split("\n").at(-1)!;
    const c = (n: number) => n.toLocaleString("en-US");
    expect(err).toMatch(cliError(new RegExp(`^message [\\d,]+ is unconfirmed: no PubAck within 500ms: the message may have been stored; of ${c(doc.sent)} messages sent: ${c(doc.stored)} stored, 0 not stored, ${c(doc.unconfirmed)} unconfirmed; publishing stopped — `)));
    expect(err).toMatch(/ — raise --timeout if the server is slow; publish with --msg-id ID so a retry is not stored twice \(the stream de-duplicates\); to rerun without storing messages twice, publish with --msg-id TEMPLATE \(e\.g\. --msg-id 'batch-7-\{\{Count\}\}'\): the stream drops ids it stored within its duplicate window$/);
    expect(r.stderr).toMatch(/Could not confirm message [\d,]+ to "frozen\.x": no PubAck within 500ms: the message may have been stored\n/);
  }, 60_000);

  it("with --msg-id a rerun after unconfirmed acks stores every message exactly once", async () => {
    await jsm.streams.add({ name: "SAFE", subjects: ["safe.>"] });
    const N = 5000;
    const args = ["safe.x", "m {{Count}}", "--count", String(N), "--msg-id", "safe-{{Count}}"];
    const first = await pubThroughAFreeze(args, "SAFE", 1000);
    expect(first.code).toBe(5);
    const doc1 = JSON.parse(first.stdout) as Report;
    expect(doc1.unconfirmed).toBeGreaterThan(0);
    expect(doc1.failures[0]).toMatchObject({ outcome: "unconfirmed", msg_id: `safe-${doc1.failures[0]!.message}` });
    expect(first.stderr).toMatch(/ — raise --timeout if the server is slow; retrying with the same --msg-id is safe: the stream de-duplicates; a rerun with the same --msg-id stores only what is missing \(the stream drops ids it stored within its duplicate window\)\n$/);
    const afterFirst = await settledCount("SAFE");
    expect(afterFirst).toBeLessThanOrEqual(doc1.stored + doc1.unconfirmed);

    const again = await runCli(["pub", "-J", "-s", server.url, "--json", ...args]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("");
    const doc2 = JSON.parse(again.stdout) as Report;
    // everything the first run got into the stream, confirmed or not, is recognised; the rest is stored
    expect(doc2).toMatchObject({ sent: N, duplicates: afterFirst, stored: N - afterFirst, not_stored: 0, unconfirmed: 0, failures: [], interrupted: false });
    expect(await messages("SAFE")).toBe(N);
    const si = await jsm.streams.info("SAFE");
    expect(si.state.last_seq).toBe(N);
  }, 60_000);

  it("refusals are not stored, counted apart from what was stored, and match the stream", async () => {
    await jsm.streams.add({ name: "TEN", subjects: ["ten.>"], max_msgs: 10, discard: "new" as never });
    const r = await runCli(["pub", "-J", "-s", server.url, "--json", "ten.x", "m {{Count}}", "--count", "30"]);
    expect(r.code).toBe(8);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc).toMatchObject({ sent: 30, stored: 10, duplicates: 0, not_stored: 20, unconfirmed: 0, streams: [{ stream: "TEN", stored: 10, last_sequence: 10 }] });
    expect(doc.failures.map((f) => [f.message, f.outcome, f.error])).toEqual(Array.from({ length: 20 }, (_, i) => [i + 11, "not_stored", "maximum messages exceeded (error 10077)"]));
    expect(await messages("TEN")).toBe(doc.stored);
    expect(r.stderr.trim().split("\n").at(-1)).toBe(cliError("message 11 was not stored: maximum messages exceeded (error 10077); of 30 messages sent: 10 stored, 20 not stored, 0 unconfirmed; publishing stopped — to rerun without storing messages twice, publish with --msg-id TEMPLATE (e.g. --msg-id 'batch-7-{{Count}}'): the stream drops ids it stored within its duplicate window"));
  });

  it("--json prints one document for a run that stored everything; without -J it is a usage error", async () => {
    await jsm.streams.add({ name: "OK", subjects: ["ok.>"] });
    const r = await runCli(["pub", "-J", "-s", server.url, "--json", "ok.x", "hello"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toEqual({ sent: 1, stored: 1, duplicates: 0, not_stored: 0, unconfirmed: 0, streams: [{ stream: "OK", stored: 1, duplicates: 0, last_sequence: 1 }], failures: [], interrupted: false });
    const core = await runCli(["pub", "-s", server.url, "--json", "ok.x", "hello"]);
    expect(core).toEqual({ code: 2, stdout: "", stderr: cliError("--json reports what JetStream stored: use it with -J/--jetstream (or --msg-id) — a core publish gets no acknowledgement to report\n") });
  });
});
