import { afterEach, describe, expect, it, vi } from "vitest";
import { idleWatch } from "../../src/commands/sub.js";

describe("sub --wait idle watch", () => {
  afterEach(() => { vi.useRealTimers(); });

  it("fires once no message came for the wait, within two ticks, and traffic keeps it from firing", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
    let count = 0;
    let firedAt = -1;
    const start = performance.now();
    idleWatch(200, () => count, () => { firedAt = performance.now() - start; });
    // a message every 50 ms for 1 s: never idle for 200 ms
    for (let t = 0; t < 1000; t += 50) {
      count++;
      vi.advanceTimersByTime(50);
    }
    expect(firedAt).toBe(-1);
    vi.advanceTimersByTime(400);
    // last message at 950 ms: the wait is over at 1150 ms, one tick is 10 ms
    expect(firedAt).toBeGreaterThanOrEqual(1150);
    expect(firedAt).toBeLessThanOrEqual(1170);
  });

  it("stops without firing", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
    let fired = false;
    const w = idleWatch(100, () => 0, () => { fired = true; });
    w.stop();
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(false);
  });
});

describe("sub --json lines", () => {
  it("jsonLine writes exactly JSON.stringify(jsonMessage(...))", async () => {
    const { jsonLine, jsonMessage } = await import("../../src/commands/sub.js");
    const { headers } = await import("../../src/nats-client.js");
    const h = headers();
    h.set("A", "1");
    h.append("A", "two \"quoted\"");
    const msgs = [
      { subject: "a.b", data: Buffer.from("hello") },
      { subject: "ü.\"q\"", reply: "_INBOX.x", data: Buffer.from("line\nbreak \u2028 ✓") },
      { subject: "h", headers: h, data: new Uint8Array(0) },
      { subject: "bin", data: Uint8Array.of(0xff, 0xfe, 0, 1) },
      { subject: "bom", data: Buffer.from("\ufeffwith bom") },
    ];
    const now = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    for (const [i, m] of msgs.entries()) expect(jsonLine(m, i + 1, now)).toBe(JSON.stringify(jsonMessage(m, i + 1, now)));
  });

  it("jsonData decodes as a fatal TextDecoder does (BOM dropped), base64 otherwise", async () => {
    const { jsonData } = await import("../../src/output/message.js");
    const td = new TextDecoder("utf-8", { fatal: true });
    const bodies = [Buffer.from("plain"), Buffer.from("\ufeffbom"), Buffer.from("ünï ✓ 𝄞"), Uint8Array.of(0xef, 0xbb), Uint8Array.of(0xc3), new Uint8Array(0), Uint8Array.of(0xed, 0xa0, 0x80)];
    for (const b of bodies) {
      let want: unknown;
      try { want = { data: td.decode(b) }; } catch { want = { data: Buffer.from(b).toString("base64"), encoding: "base64" }; }
      expect(jsonData(b)).toEqual(want);
    }
  });
});
