import { describe, expect, it } from "vitest";
import type { Command } from "commander";
import { buildProgram } from "../../src/program.js";
import { findInvocation } from "../../src/commands/registry.js";
import { ALL_COMMANDS } from "../../src/commands/loaders.js";
import { runCli, spawnCli, testDeps } from "../helpers/run-cli.js";

// Help pages as a user reads them: every leaf command shows an Examples section, and a sub-command's page lists
// its own flags (and its groups'), pointing to `nats --help` for the ~25 global ones instead of repeating them.

interface Leaf { path: string[]; names: string[]; flags: Set<string> }

/** Every leaf of the real command tree (the program builder with every module loaded), with the flags it accepts. */
async function leaves(): Promise<Leaf[]> {
  const program = await buildProgram(testDeps(), findInvocation([]), ALL_COMMANDS, { all: true });
  const out: Leaf[] = [];
  const walk = (cmd: Command, path: string[], flags: Set<string>) => {
    const own = new Set(flags);
    for (const o of cmd.options) for (const f of [o.long, o.short]) if (f) own.add(f);
    const subs = cmd.commands.filter((c) => c.name() !== "help");
    if (!subs.length && path.length) out.push({ path, names: [cmd.name(), ...cmd.aliases()], flags: own });
    for (const c of subs) walk(c, [...path, c.name()], own);
  };
  walk(program, [], new Set(["-h", "--help"]));
  return out;
}

/** The lines of a help page's "Examples:" block, or undefined when it has none. */
function examplesOf(help: string): string[] | undefined {
  const m = /\nExamples:\n((?: {2}.*\n?)+)/.exec(help);
  return m ? m[1]!.trimEnd().split("\n").map((l) => l.trim()) : undefined;
}

const GLOBAL_FLAGS = ["--server", "--creds", "--context", "--user", "--password", "--tlscert", "--timeout", "--js-domain"];

describe("help pages", () => {
  it("every leaf command's --help has an Examples section that runs it with flags it has", async () => {
    const all = await leaves();
    expect(all.length).toBeGreaterThan(200);
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const leaf of all) {
      const r = await runCli([...leaf.path, "--help"]);
      const name = `nats ${leaf.path.join(" ")}`;
      expect(r.code, name).toBe(0);
      const lines = examplesOf(r.stdout);
      if (!lines) { missing.push(name); continue; }
      // at least one example calls this very command (by its name or an alias) ...
      const call = new RegExp(`\\bnats ${"\\S+ ".repeat(leaf.path.length - 1)}(${leaf.names.join("|")})(\\s|$)`);
      const calls = lines.map((l) => l.replace(/\s+#.*$/, "").split(/\s+(?:\||;|&&|\|\|)\s+|;\s+/).find((part) => call.test(part))).filter((c) => c !== undefined);
      if (!calls.length) wrong.push(`${name}: no example runs it: ${lines.join(" | ")}`);
      // ... and none gives a flag it does not take
      for (const c of calls) {
        for (const flag of c.match(/(?<=\s)--?[A-Za-z][\w-]*/g) ?? []) {
          if (!leaf.flags.has(flag)) wrong.push(`${name}: the example \`${c}\` gives ${flag}, which it does not take`);
        }
      }
    }
    expect(missing, `leaf commands without an Examples section in --help`).toEqual([]);
    expect(wrong).toEqual([]);
  }, 120_000);

  it("the real bin shows the same Examples sections (a sample across the groups)", async () => {
    const all = await leaves();
    const sample = all.filter((_, i) => i % Math.ceil(all.length / 6) === 0);
    for (const leaf of sample) {
      const r = await spawnCli([...leaf.path, "--help"]);
      expect(r.code, leaf.path.join(" ")).toBe(0);
      expect(examplesOf(r.stdout), `nats ${leaf.path.join(" ")} --help`).toBeDefined();
    }
  });

  it("a sub-command's help lists its own and its group's flags, not the global ones, and names `nats --help` for them", async () => {
    for (const args of [["stream", "ls", "--help"], ["kv", "get", "--help"], ["server", "check", "kv", "--help"], ["stream", "--help"]]) {
      const r = await spawnCli(args);
      expect(r.code).toBe(0);
      for (const flag of GLOBAL_FLAGS) expect(r.stdout, `${args.join(" ")} lists ${flag}`).not.toContain(flag);
      expect(r.stdout).toContain("\nUse `nats --help` for the global flags (server, credentials, TLS, context, timeout).\n");
    }
    // a group's own flags stay on its sub-commands' pages
    expect((await runCli(["stream", "ls", "--help"])).stdout).toMatch(/\nGroup Options:\n {2}-a, --all +When listing or selecting streams/);
    expect((await runCli(["server", "check", "kv", "--help"])).stdout).toMatch(/\nGroup Options:\n {2}--format <format>/);
    // and a global flag still works after a sub-command
    const r = await runCli(["stream", "ls", "--server", "nats://127.0.0.1:1", "--timeout", "1s"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/connection refused nats:\/\/127\.0\.0\.1:1 \(from --server\)/);
  });

  it("`nats help kv put` is the page of kv put (natscli), not of the kv group", async () => {
    const r = await spawnCli(["help", "kv", "put"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: nats kv put \[options\] <bucket> <key> \[value\]\n/);
    expect(examplesOf(r.stdout)).toContain("nats kv put CONFIG username bob");
    expect((await runCli(["help", "kv"])).stdout).toMatch(/^Usage: nats kv \[options\] \[command\]\n/);
  });

  it("`nats --help` still lists every global flag, and does not point to itself", async () => {
    const r = await spawnCli(["--help"]);
    expect(r.code).toBe(0);
    for (const flag of GLOBAL_FLAGS) expect(r.stdout).toContain(flag);
    expect(r.stdout).not.toContain("Use `nats --help`");
  });
});
