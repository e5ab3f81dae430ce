import { describe, expect, it } from "vitest";
import { CliError } from "../../src/errors.js";
import { PubAckWindow, type JsPublishFn, type JsPublishResult } from "../../src/jetstream/publish.js";

// The window's bookkeeping on its own: acks that come back out of order (streams led by different
// servers) must still be reported in publish order, and a failure must stop and fail the run.
// The end-to-end behaviour against a real server is in test/integration/jetstream-pubsub.test.ts.

interface Call { subject: string; msgId?: string; resolve: (r: JsPublishResult) => void; reject: (e: unknown) => void }

function harness(o: { window?: number; msgId?: string } = {}) {
  const calls: Call[] = [];
  const said: string[] = [];
  const warned: string[] = [];
  const publish: JsPublishFn = (subject, _data, opts) => new Promise((resolve, reject) => { calls.push({ subject, msgId: opts?.msgId, resolve, reject }); });
  const w = new PubAckWindow(publish, { window: o.window ?? 4, msgId: o.msgId, templates: true, timeout: 1000, say: (m) => said.push(m), warn: (m) => warned.push(m), now: () => 0 });
  const msg = (n: number) => ({ subject: `s.${n}`, data: new TextEncoder().encode(`m${n}`) });
  return { calls, said, warned, w, msg };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("PubAckWindow", () => {
  it("keeps up to `window` acks in flight and reports them in publish order whatever order they arrive in", async () => {
    const { calls, said, w, msg } = harness({ window: 3, msgId: "id-{{Count}}" });
    w.start({ newline: false });
    expect(w.send(msg(1), 1, true)).toBeInstanceOf(Promise); // a logged message waits for its ack
    calls[0]!.resolve({ stream: "A", seq: 1, duplicate: false });
    await tick();
    expect(w.send(msg(2), 2, false)).toBeUndefined();
    expect(w.send(msg(3), 3, false)).toBeUndefined();
    const full = w.send(msg(4), 4, false); // third in flight: the window is full
    expect(full).toBeInstanceOf(Promise);
    let freed = false;
    void (full as Promise<void>).then(() => { freed = true; });
    calls[3]!.resolve({ stream: "B", seq: 9, duplicate: false });
    calls[2]!.resolve({ stream: "A", seq: 3, duplicate: true });
    await tick();
    expect(freed).toBe(true);
    calls[1]!.resolve({ stream: "A", seq: 2, duplicate: false });
    await w.settle();
    expect(calls.map((c) => c.msgId)).toEqual(["id-1", "id-2", "id-3", "id-4"]);
    expect(said).toEqual(['Published 2 bytes to "s.1"', "Stored in Stream: A Sequence: 1"]);
    expect([w.stored, w.duplicates, w.notStored, w.unconfirmed]).toEqual([3, 1, 0, 0]);
    expect(w.summary()).toBe("Stored 3 messages in Streams: A (last sequence 3), B (last sequence 9) Duplicates: 1");
  });

  it("after a failure a --count run stops: later sends throw, in-flight failures are logged, the first is the error", async () => {
    const { calls, warned, w, msg } = harness({ window: 10 });
    w.start({ newline: false });
    for (let n = 1; n <= 3; n++) w.send(msg(n), n, false);
    calls[2]!.reject(new CliError("boom 3", { exitCode: 8 }));
    calls[1]!.reject(new CliError("boom 2", { exitCode: 8 }));
    calls[0]!.resolve({ stream: "A", seq: 1, duplicate: false });
    await tick();
    const next = w.send(msg(4), 4, false);
    const e = await Promise.resolve(next).then(() => undefined, (x: unknown) => x);
    expect(calls).toHaveLength(3); // message 4 was never sent
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(8);
    expect((e as CliError).message).toBe("message 2 was not stored: boom 2; of 3 messages sent: 1 stored, 2 not stored, 0 unconfirmed; publishing stopped");
    // one message is in the stream: a plain rerun would store it twice
    expect((e as CliError).hint).toBe("to rerun without storing messages twice, publish with --msg-id TEMPLATE (e.g. --msg-id 'batch-7-{{Count}}'): the stream drops ids it stored within its duplicate window");
    expect(warned).toEqual(['Could not publish message 3 to "s.3": boom 3']);
  });

  it("stdin lines keep going after a failure, log each one, and fail at the end", async () => {
    const { calls, warned, w, msg } = harness();
    w.start({ newline: true });
    w.send(msg(1), 1, false);
    calls[0]!.reject(new CliError("no stream", { exitCode: 7, hint: "h" }));
    await tick();
    expect(w.send(msg(2), 2, false)).toBeUndefined();
    calls[1]!.resolve({ stream: "A", seq: 1, duplicate: false });
    const e = (await w.settle().then(() => undefined, (x: unknown) => x)) as CliError;
    expect(warned).toEqual(['Could not publish message 1 to "s.1": no stream']);
    expect([e.message, e.exitCode]).toEqual(["message 1 was not stored: no stream; of 2 messages sent: 1 stored, 1 not stored, 0 unconfirmed", 7]);
    expect(e.hint).toMatch(/^h; to rerun without storing messages twice, publish with --msg-id TEMPLATE/);
  });

  it("a lone failed publish is the error itself, so the command prints exactly one line", async () => {
    const { calls, warned, w, msg } = harness();
    w.start({ newline: false });
    const p = w.send(msg(1), 1, true) as Promise<void>;
    const err = new CliError('no stream captures subject "s.1": the message was not stored', { exitCode: 7 });
    calls[0]!.reject(err);
    await expect(p).rejects.toBe(err);
    expect(warned).toEqual([]);
  });

  it("a missing PubAck is a timeout that says the message may have been stored, and how to retry safely", async () => {
    const { calls, w, msg } = harness();
    w.start({ newline: false });
    const p = w.send(msg(1), 1, true) as Promise<void>;
    calls[0]!.reject(Object.assign(new Error("timeout"), { name: "TimeoutError" }));
    const e = (await p.then(() => undefined, (x: unknown) => x)) as CliError;
    expect(e.exitCode).toBe(5);
    expect(e.message).toBe("no PubAck within 1.00s: the message may have been stored");
    expect(e.hint).toBe("raise --timeout if the server is slow; publish with --msg-id ID so a retry is not stored twice (the stream de-duplicates)");
    expect(w.outcome()).toMatchObject({ sent: 1, stored: 0, not_stored: 0, unconfirmed: 1, failures: [{ message: 1, outcome: "unconfirmed" }] });
  });

  it("counts stored, not stored and unconfirmed apart; a closed connection leaves the ack unconfirmed", async () => {
    const { calls, warned, w, msg } = harness({ window: 10, msgId: "id-{{Count}}" });
    w.start({ newline: true });
    for (let n = 1; n <= 5; n++) w.send(msg(n), n, false);
    calls[0]!.resolve({ stream: "A", seq: 1, duplicate: false });
    calls[1]!.resolve({ stream: "A", seq: 1, duplicate: true });
    calls[2]!.reject(new CliError("maximum messages exceeded (error 10077)", { exitCode: 8 }));
    calls[3]!.reject(Object.assign(new Error("timeout"), { name: "TimeoutError" }));
    calls[4]!.reject(Object.assign(new Error("connection closed"), { name: "RequestError" }));
    const e = (await w.settle().then(() => undefined, (x: unknown) => x)) as CliError;
    expect(e.message).toBe("message 3 was not stored: maximum messages exceeded (error 10077); of 5 messages sent: 1 stored, 1 duplicate, 1 not stored, 2 unconfirmed");
    expect(e.exitCode).toBe(8);
    expect(e.hint).toBe("a rerun with the same --msg-id stores only what is missing (the stream drops ids it stored within its duplicate window)");
    expect(warned).toEqual([
      'Could not publish message 3 to "s.3": maximum messages exceeded (error 10077)',
      'Could not confirm message 4 to "s.4": no PubAck within 1.00s: the message may have been stored',
      'Could not confirm message 5 to "s.5": connection closed: the message may have been stored',
    ]);
    expect(w.outcome()).toEqual({
      sent: 5, stored: 1, duplicates: 1, not_stored: 1, unconfirmed: 2,
      streams: [{ stream: "A", stored: 1, duplicates: 1, last_sequence: 1 }],
      failures: [
        { message: 3, subject: "s.3", msg_id: "id-3", outcome: "not_stored", error: "maximum messages exceeded (error 10077)" },
        { message: 4, subject: "s.4", msg_id: "id-4", outcome: "unconfirmed", error: "no PubAck within 1.00s: the message may have been stored" },
        { message: 5, subject: "s.5", msg_id: "id-5", outcome: "unconfirmed", error: "connection closed: the message may have been stored" },
      ],
      interrupted: false,
    });
  });

  it("nothing in a stream yet: the failure's own hint stands (a plain rerun is safe)", async () => {
    const { calls, w, msg } = harness();
    w.start({ newline: true });
    w.send(msg(1), 1, false);
    w.send(msg(2), 2, false);
    calls[0]!.reject(new CliError("no stream", { exitCode: 7, hint: "create one" }));
    calls[1]!.reject(new CliError("no stream", { exitCode: 7, hint: "create one" }));
    const e = (await w.settle().then(() => undefined, (x: unknown) => x)) as CliError;
    expect([e.message, e.hint]).toEqual(["message 1 was not stored: no stream; of 2 messages sent: 0 stored, 2 not stored, 0 unconfirmed", "create one"]);
  });

  it("acks still awaited when the run is cut short count as unconfirmed in the report", () => {
    const { calls, w, msg } = harness();
    w.start({ newline: false });
    w.send(msg(1), 1, false);
    w.send(msg(2), 2, false);
    expect(calls).toHaveLength(2);
    expect(w.outcome({ interrupted: true })).toMatchObject({ sent: 2, stored: 0, unconfirmed: 2, interrupted: true, failures: [{ message: 1, outcome: "unconfirmed" }, { message: 2, outcome: "unconfirmed" }] });
  });
});
