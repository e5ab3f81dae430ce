import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { chunks, lineBatches, readAll } from "../../src/util/stdin.js";

// a real collection, to check what the reader keeps reachable after it handed a chunk on
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("stdin reading", () => {
  it("does not keep the chunks it has handed on (a long `pub --send-on newline` stream stays bounded)", async () => {
    const ac = new AbortController(); // alive for the whole test, as deps.signal is for a whole command
    const src = Readable.from((function* () { for (let i = 0; i < 64; i++) yield Buffer.alloc(1 << 20, i); })());
    const seen: WeakRef<Buffer>[] = [];
    let n = 0;
    for await (const c of chunks(src, ac.signal)) {
      seen.push(new WeakRef(c));
      n++;
    }
    expect(n).toBe(64);
    await new Promise((r) => setImmediate(r));
    gc();
    // all but the last few chunks (still referenced by the stream's internals) must be collectable
    expect(seen.filter((w) => w.deref() !== undefined).length).toBeLessThan(8);
  });

  it("stops at once when the signal aborts while a read is pending, and yields lines in batches", async () => {
    const ac = new AbortController();
    const idle = new Readable({ read() {} }); // a producer that never sends anything
    const reading = (async () => { const got: Buffer[] = []; for await (const c of chunks(idle, ac.signal)) got.push(c); return got; })();
    setTimeout(() => ac.abort(), 20);
    expect(await reading).toEqual([]);

    const lines: string[] = [];
    for await (const batch of lineBatches(Readable.from([Buffer.from("a\r\nb\n\nc")]), new AbortController().signal)) lines.push(...batch.map(String));
    expect(lines).toEqual(["a", "b", "", "c"]);
  });

  it("cuts the same lines wherever the chunks of the input end (ScanLines: \\r\\n, empty lines, a last line without \\n)", async () => {
    const text = Buffer.from("one\r\n\ntwo\nthree\r\n" + "x".repeat(300) + "\n\n\r\nlast");
    const want = ["one", "", "two", "three", "x".repeat(300), "", "", "last"];
    const linesOf = async (parts: Buffer[]) => {
      const out: string[] = [];
      for await (const b of lineBatches(Readable.from(parts), new AbortController().signal)) out.push(...b.map(String));
      return out;
    };
    for (let k = 0; k <= text.length; k++) expect(await linesOf([text.subarray(0, k), text.subarray(k)]), `cut at ${k}`).toEqual(want);
    expect(await linesOf([...text].map((b) => Buffer.of(b)))).toEqual(want);
  });

  it("readAll without a signal reads to EOF (kv put, service request), with one stops at the abort", async () => {
    expect(String(await readAll(Readable.from(["a", Buffer.from("b\n")])))).toBe("ab\n");
    const ac = new AbortController();
    const idle = new Readable({ read() {} });
    idle.push("partial");
    setTimeout(() => ac.abort(), 20);
    expect(String(await readAll(idle, ac.signal))).toBe("partial");
  });
});
