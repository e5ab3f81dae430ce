import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { ALL_COMMANDS } from "../../src/commands/loaders.js";
import { findInvocation } from "../../src/commands/registry.js";
import { parseFast } from "../../src/fast-args.js";
import { buildProgram } from "../../src/program.js";
import { testDeps } from "../helpers/run-cli.js";

// `nats pub` and `nats req` read argv without commander when they can (src/fast-args.ts). Whatever the fast
// reader accepts must mean exactly what commander makes of it: the same arguments, options and global options.
// Each invocation here goes through both; commander's side runs the real program with the action replaced.

interface Parsed { args: unknown[]; opts: Record<string, unknown>; globals: Record<string, unknown> }

async function viaCommander(argv: string[]): Promise<Parsed | undefined> {
  const invocation = findInvocation(argv);
  const entry = invocation.command;
  const program = await buildProgram(testDeps(), invocation, ALL_COMMANDS);
  const cmd = program.commands.find((c) => c.name() === entry?.name);
  let parsed: Parsed | undefined;
  cmd?.action((...a: unknown[]) => {
    const c = a.at(-1) as Command;
    parsed = { args: a.slice(0, -2), opts: { ...(a.at(-2) as Record<string, unknown>) }, globals: c.optsWithGlobals() };
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch {
    return undefined; // a usage error (commander printed it to the captured stderr)
  }
  return parsed;
}

async function viaFast(argv: string[]): Promise<Parsed | undefined> {
  const entry = findInvocation(argv).command;
  const fast = entry && (await ALL_COMMANDS[entry.name]!()).fastPath;
  const p = fast && parseFast(argv, [entry.name, ...entry.aliases], fast);
  return p && { args: p.args, opts: p.opts, globals: { ...p.opts, ...p.globals } };
}

/** The property: the fast reader declines, or gets what commander gets (and commander accepts it). */
async function agree(argv: string[]): Promise<{ fast?: Parsed; commander?: Parsed }> {
  const fast = await viaFast(argv);
  const commander = await viaCommander(argv);
  if (fast) {
    expect(commander, `commander refuses what the fast path accepted: ${JSON.stringify(argv)}`).toBeDefined();
    expect(fast, JSON.stringify(argv)).toEqual(commander);
  }
  return { fast, commander };
}

const URL = "nats://127.0.0.1:4222";

describe("the fast path of pub and req", () => {
  const accepted: string[][] = [
    ["pub", "x", "y"],
    ["pub", "-s", URL, "x", "y"],
    ["-s", URL, "pub", "x"],
    ["--server=" + URL, "--trace", "publish", "x", "hello world"],
    ["pub", "x", "y", "--count", "3", "--sleep", "10ms"],
    ["pub", "--count=3", "x", "y"],
    ["pub", "x", "-H", "a:1", "-H", "b:2", "y", "--header=c:3"],
    ["pub", "x", "y", "-J", "--msg-id", "m-{{Count}}"],
    ["pub", "x", "--no-templates", "{{x}}"],
    ["pub", "x", "--templates", "--no-templates", "--templates"],
    ["pub", "x", "--send-on", "newline", "--force-stdin", "-q"],
    ["pub", "x", "-", "--reply", "r.x"],
    ["pub", "x", "-f", "body.txt"],
    ["pub", "--tls-first", "--domain", "d", "x"],
    ["pub", "--domain", "d", "--js-domain", "e", "x"],
    ["pub", "x", "--context", "a", "--no-context"],
    ["pub", "x", "--count="],
    ["pub", "x", "help"],
    ["req", "x", "y", "--replies", "0", "--reply-timeout", "1s"],
    ["req", "-s", URL, "--context", "c", "x"],
    ["request", "x", "-r", "--json", "-w", "--wait-for-empty"],
    ["req", "x", "--translate", "tr a-z A-Z", "--timeout", "2s", "--inbox-prefix", "_I"],
    ["req", "x", "y", "--user", "u", "--password", "p", "--creds", "file.creds", "--connection-name", "n"],
  ];
  for (const argv of accepted) {
    it(`reads ${JSON.stringify(argv)} as commander does`, async () => {
      const { fast } = await agree(argv);
      expect(fast, "declined an ordinary invocation: it would lose the fast path").toBeDefined();
    });
  }

  const declined: string[][] = [
    ["req"],
    ["pub", "--replay", "-", "--map", "a.*", "b.$1"],
    ["pub", "x", "y", "z"],
    ["pub", "--bogus", "x"],
    ["pub", "-qJ", "x"],
    ["pub", "-Hk:v", "x"],
    ["pub", "-s" + URL, "x"],
    ["pub", "x", "--send-on", "sometimes"],
    ["pub", "x", "--", "-y"],
    ["pub", "--help"],
    ["pub", "x", "-h"],
    ["pub", "x", "--version"],
    ["pub", "x", "--reply", "-s", URL],
    ["pub", "x", "--count"],
    ["--count", "2", "pub", "x"],
    ["pub", "x", "-5"],
    ["pub", "x", "--trace=1"],
    ["pub", "x", "--quiet=yes"],
    ["sub", "x"],
    ["context", "info", "pub"],
    ["help", "pub"],
  ];
  for (const argv of declined) {
    it(`leaves ${JSON.stringify(argv)} to commander`, async () => {
      const { fast } = await agree(argv);
      expect(fast).toBeUndefined();
    });
  }

  it("agrees with commander on 1500 random invocations", async () => {
    // pieces: flags with their values (either spelling), positionals, and now and then a word commander reads its own way
    const flags: string[][] = [
      ["-s", URL], ["--server=" + URL], ["--user", "u"], ["--trace"], ["--tlsfirst"], ["--tls-first"], ["--domain", "d"],
      ["--js-domain", "e"], ["--no-context"], ["--context", "c"], ["--count", "3"], ["--count=4"], ["-H", "a:1"],
      ["--header=c:3"], ["-q"], ["-J"], ["--quiet"], ["--reply", "r"], ["--msg-id", "m"], ["--send-on", "newline"],
      ["--send-on", "bogus"], ["--templates"], ["--no-templates"], ["-f", "file"], ["--force-stdin"], ["-r"], ["--raw"],
      ["--replies", "2"], ["--reply-timeout=1s"], ["--wait-for-empty"], ["--translate", "cat"], ["--json"], ["-w"],
      ["--sleep", "1s"], ["--timeout", "-1"],
    ];
    const odd = ["--bogus", "-qJ", "--", "-5", "-", "help", "--count", "-Hx:y", "--trace=1", "three"];
    let seed = 42; // mulberry32: the same invocations every run
    const rand = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
    };
    let fastRuns = 0;
    for (let i = 0; i < 1500; i++) {
      const pieces: string[][] = [["x"]];
      if (rand(2)) pieces.push(["body"]);
      for (let n = rand(5); n > 0; n--) pieces.push(flags[rand(flags.length)]!);
      if (rand(4) === 0) pieces.push([odd[rand(odd.length)]!]);
      for (let j = pieces.length - 1; j > 0; j--) {
        const k = rand(j + 1);
        [pieces[j], pieces[k]] = [pieces[k]!, pieces[j]!];
      }
      const words = pieces.flat();
      // the command name anywhere among the first words (global flags may come before it)
      words.splice(rand(3), 0, ["pub", "publish", "req", "request"][rand(4)]!);
      if ((await agree(words)).fast) fastRuns++;
    }
    // the property holds trivially if everything is declined
    expect(fastRuns).toBeGreaterThan(300);
  });
});
