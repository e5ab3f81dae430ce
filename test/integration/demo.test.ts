import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { natsServerBin } from "../helpers/nats-server.js";
import { alive, processesUnder } from "../helpers/processes.js";
import { scratchDir } from "../helpers/scratch.js";
import { cliError } from "../helpers/run-cli.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface DemoRun { code: number | null; out: string; tmp: string; pids: number[] }

/**
 * Runs `npm run demo`'s script (needs `npm run build`) in its own process group and temp dir; with
 * `signal`, sends it once the server line is out — to the whole group for SIGINT, as a terminal's
 * Ctrl-C does, to the script alone otherwise (`kill PID`).
 */
function runDemo(o: { env?: Record<string, string>; signal?: NodeJS.Signals } = {}): Promise<DemoRun> {
  const tmp = scratchDir("natsx-demo-");
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["scripts/demo.sh"], {
      cwd: root,
      detached: true,
      env: { ...process.env, TMPDIR: tmp, NATS_SERVER_BIN: natsServerBin(), NO_COLOR: "1", ...o.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let sent = false;
    const onData = (d: Buffer) => {
      out += String(d);
      if (o.signal && !sent && /^server: .*\n/m.test(out)) {
        sent = true;
        process.kill(o.signal === "SIGINT" ? -child.pid! : child.pid!, o.signal);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      const m = /nats server run pid (\d+), nats-server pid (\d+)/.exec(out);
      resolve({ code, out, tmp, pids: m ? [Number(m[1]), Number(m[2])] : [] });
    });
  });
}

/** Nothing the demo started is left: no process, no temp file, and the two server pids are gone. */
function expectNothingLeft(r: DemoRun): void {
  expect(r.pids).toHaveLength(2);
  for (const pid of r.pids) expect(alive(pid), `pid ${pid} still running\n${r.out}`).toBe(false);
  expect(processesUnder(r.tmp)).toEqual([]);
  expect(readdirSync(r.tmp)).toEqual([]);
}

describe("npm run demo", () => {
  it("shows the round trip, exits 0 and stops the server", async () => {
    const r = await runDemo();
    expect(r.out).toMatch(/^server: {5}nats:\/\/127\.0\.0\.1:\d+ \(nats server run pid \d+, nats-server pid \d+\)$/m);
    expect(r.out).toContain('subscriber received:\n[#1] Received on "demo.greeting"\nhello from natsx\n');
    expect(r.out).toContain("stopped:    the server and everything else the demo started");
    expect(r.code).toBe(0);
    expectNothingLeft(r);
  });

  it("a failed step exits with its code and still stops the server", async () => {
    const r = await runDemo({ env: { DEMO_SUBJECT: "not a subject" } });
    expect(r.out).toMatch(cliError(/.*subject/));
    expect(r.code).toBe(2);
    expectNothingLeft(r);
  });

  it("Ctrl-C exits 130 and stops the server", async () => {
    const r = await runDemo({ signal: "SIGINT" });
    expect(r.out).not.toContain("subscriber received");
    expect(r.code).toBe(130);
    expectNothingLeft(r);
  });

  it("SIGTERM to the script alone exits 143 and stops the server", async () => {
    const r = await runDemo({ signal: "SIGTERM" });
    expect(r.code).toBe(143);
    expectNothingLeft(r);
  });
});
