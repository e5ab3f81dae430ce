import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { makeIo } from "../../src/output/io.js";
import { barLine, createMultiProgress, createProgress } from "../../src/output/progress.js";
import { withoutControls } from "../helpers/run-cli.js";

function terminal(tty: boolean) {
  const err = new PassThrough();
  let text = "";
  err.on("data", (d) => { text += String(d); });
  const io = makeIo({ in: new PassThrough(), out: new PassThrough(), err }, { in: false, out: false, err: tty }, { NO_COLOR: "1" }, 100);
  return { io, text: () => text };
}

describe("progress bars (cli-progress)", () => {
  it("draw on a terminal's stderr and end with the final state, the rate and the time taken", async () => {
    const t = terminal(true);
    const bar = await createProgress(t.io, { label: "Publishing", total: 2000 });
    for (let i = 0; i < 20; i++) bar.add(100);
    bar.done();
    bar.done();
    const text = withoutControls(t.text());
    expect(text).toMatch(/Publishing \[=+\] 100% 2,000\/2,000 [\d,]+\/s in [\d.]+m?s\n$/);
    expect(text.match(/\n/g)).toHaveLength(1);
  });

  it("write nothing off a terminal, with enabled: false, or for a count without a total", async () => {
    for (const [tty, opts] of [[false, {}], [true, { enabled: false }], [true, { total: 0 }]] as const) {
      const t = terminal(tty);
      const bar = await createProgress(t.io, { label: "x", total: 10, ...opts });
      bar.add(5);
      bar.done();
      expect(t.text()).toBe("");
    }
  });

  it("keep several bars on their own lines, with log lines printed above them", async () => {
    const t = terminal(true);
    const multi = await createMultiProgress(t.io);
    const a = multi.bar({ label: "a", total: 10 });
    const b = multi.bar({ label: "b", total: 4096, unit: "bytes" });
    a.update(10);
    b.update(2048);
    multi.log("a line");
    await new Promise((r) => setTimeout(r, 150));
    a.done();
    b.done();
    multi.stop();
    const text = withoutControls(t.text());
    expect(text).toContain("a line\n");
    const last = text.slice(text.lastIndexOf("a ["));
    expect(last).toMatch(/^a \[=+\] 100% 10\/10 [\d,]+\/s in [\d.]+m?s\nb \[=+ +\]  50% 2\.0 KiB\/4\.0 KiB [\d.]+ [KMG]?i?B\/s in [\d.]+m?s\n$/);
  });

  it("off a terminal a group's log lines still reach stderr", async () => {
    const t = terminal(false);
    const multi = await createMultiProgress(t.io);
    multi.bar({ label: "a", total: 10 }).done();
    multi.log("WARNING: x");
    multi.stop();
    expect(t.text()).toBe("WARNING: x\n");
  });

  it("a bar's line shows the estimate while running, the time taken when finished, and the amount alone without a total", () => {
    const p = { progress: 0.5, value: 500, total: 1000, startTime: 0, stopTime: null, eta: 12 };
    const realNow = Date.now;
    Date.now = () => 2000;
    try {
      expect(barLine("==  ", p, { label: "L", unit: "count" })).toBe("L [==  ]  50% 500/1,000 250/s ETA 12s");
      expect(barLine("==  ", { ...p, eta: 125 }, { label: "L", unit: "count" })).toBe("L [==  ]  50% 500/1,000 250/s ETA 2m5s");
      expect(barLine("====", { ...p, progress: 1, value: 1000, stopTime: 4000 }, { label: "L", unit: "count" })).toBe("L [====] 100% 1,000/1,000 250/s in 4.00s");
      expect(barLine("", { ...p, total: 0, value: 4096 }, { label: "Putting x", unit: "bytes" })).toBe("Putting x 4.0 KiB 2.0 KiB/s");
    } finally {
      Date.now = realNow;
    }
  });
});
