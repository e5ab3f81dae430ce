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
