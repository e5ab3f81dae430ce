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

/** The line DEMO_PAUSE=1 shows while the demo waits for Enter, its subscriber listening. */
const PAUSED = /^waiting: .*\n/m;

/**
 * Runs `npm run demo`'s script (needs `npm run build`) in its own process group and temp dir. With
 * `signal` it runs with DEMO_PAUSE=1 and gets the signal while it waits for Enter before the publish
 * (a point it cannot pass alone, so the signal always comes mid-demo) — to the whole group for SIGINT,
 * as a terminal's Ctrl-C does, to the script alone otherwise (`kill PID`). With `enter` it gets an
 * Enter at that point.
 */
function runDemo(o: { env?: Record<string, string>; signal?: NodeJS.Signals; enter?: boolean } = {}): Promise<DemoRun> {
  const tmp = scratchDir("natsx-demo-");
  const paused = Boolean(o.signal || o.enter);
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["scripts/demo.sh"], {
      cwd: root,
      detached: true,
      env: { ...process.env, TMPDIR: tmp, NATS_SERVER_BIN: natsServerBin(), NO_COLOR: "1", ...(paused ? { DEMO_PAUSE: "1" } : {}), ...o.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // paused, stdin stays open: only the test decides when the demo goes on
    if (!paused) child.stdin.end();
    let out = "";
    let sent = false;
    const onData = (d: Buffer) => {
      out += String(d);
      if (paused && !sent && PAUSED.test(out)) {
        sent = true;
        if (o.signal) process.kill(o.signal === "SIGINT" ? -child.pid! : child.pid!, o.signal);
        else child.stdin.write("\n");
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      child.stdin.destroy();
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

  it("DEMO_PAUSE=1 waits for Enter with the subscriber listening, then does the round trip", async () => {
    const r = await runDemo({ enter: true });
    expect(r.out).toMatch(/^waiting: {4}the subscriber listens on demo\.greeting; press Enter to publish \(or, elsewhere: nats -s nats:\/\/127\.0\.0\.1:\d+ pub demo\.greeting hi\)$/m);
    expect(r.out).toContain('subscriber received:\n[#1] Received on "demo.greeting"\nhello from natsx\n');
    expect(r.code).toBe(0);
    expectNothingLeft(r);
  });

  it("Ctrl-C exits 130 and stops the server", async () => {
    const r = await runDemo({ signal: "SIGINT" });
    expect(r.out).toMatch(PAUSED);
    expect(r.out).not.toContain("subscriber received");
    expect(r.code).toBe(130);
    expectNothingLeft(r);
  });

  it("SIGTERM to the script alone exits 143 and stops the server", async () => {
    const r = await runDemo({ signal: "SIGTERM" });
    expect(r.out).toMatch(PAUSED);
    expect(r.out).not.toContain("subscriber received");
    expect(r.code).toBe(143);
    expectNothingLeft(r);
  });
});
