import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { argKind, completionTree, flagKind, generateCompletion, SHELLS, SHELL_SUFFIX, type CompletionNode } from "../../src/commands/completion.js";
import { ALL_COMMANDS } from "../../src/commands/loaders.js";
import { findInvocation } from "../../src/commands/registry.js";
import { buildProgram } from "../../src/program.js";
import { runCli, testDeps, cliError } from "../helpers/run-cli.js";

// The scripts in completions/ must be what the current command tree generates. nats.* are checked in (regenerate with
// `npm run completions`); natsx.* are the same scripts for the other name, written by the build (scripts/build.mjs).
describe("completions/ scripts", () => {
  let tree: CompletionNode;
  beforeAll(async () => {
    // the tree once, as `nats completion` builds it (every command module loaded)
    tree = completionTree(await buildProgram(testDeps(), findInvocation([]), ALL_COMMANDS, { all: true }));
  });

  for (const [prog, fix] of [["nats", "run `npm run completions`"], ["natsx", "run `npm run build`"]] as const) {
    for (const shell of SHELLS) {
      const file = `completions/${prog}.${SHELL_SUFFIX[shell]}`;
      it(`${file} is up to date (${fix} if not)`, () => {
        const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
        expect(text === generateCompletion(shell, tree, prog), `${file} drifted from the command tree: ${fix}`).toBe(true);
      });
    }
  }

  it("`nats completion SHELL --program NAME` prints exactly the generated script", async () => {
    const r = await runCli(["completion", "zsh", "--program", "natsx"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout === generateCompletion("zsh", tree, "natsx")).toBe(true);
    expect(r.stdout.startsWith("#compdef natsx\n")).toBe(true);
  });

  it("rejects an unknown shell", async () => {
    const r = await runCli(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError('unsupported shell "tcsh" — use bash, zsh, fish or powershell\n'));
  });

  it("covers every top-level command and the context verbs with their aliases", async () => {
    const r = await runCli(["completion", "bash"]);
    for (const w of ["'|context'|'|ctx'", "'context|add'|'context|create'|'context|save'", "'context|previous'|'context|-'", "'|completion'"]) expect(r.stdout).toContain(w);
  });

  it("completes existing names only: a new stream, bucket, key or context name gets none", () => {
    const kinds = (path: string, ...args: string[]) => args.map((a) => argKind(path, a) ?? "-");
    expect(kinds("stream info", "stream")).toEqual(["streams"]);
    expect(kinds("stream add", "stream")).toEqual(["-"]);
    expect(kinds("consumer info", "stream", "consumer")).toEqual(["streams", "consumers"]);
    expect(kinds("consumer add", "stream", "consumer")).toEqual(["streams", "-"]);
    expect(kinds("kv get", "bucket", "key")).toEqual(["kv-buckets", "kv-keys"]);
    expect(kinds("kv create", "bucket", "key", "value")).toEqual(["kv-buckets", "-", "-"]);
    expect(kinds("kv add", "bucket")).toEqual(["-"]);
    expect(kinds("object get", "bucket", "name")).toEqual(["object-buckets", "objects"]);
    expect(kinds("context copy", "source", "name")).toEqual(["contexts", "-"]);
    expect(kinds("context add", "name")).toEqual(["-"]);
    expect(kinds("service serve", "name")).toEqual(["-"]);
    expect(kinds("server run", "name")).toEqual(["-"]);
    expect([flagKind("", "--context"), flagKind("kv add", "--mirror"), flagKind("stream add", "--source"), flagKind("auth account imports add", "--source")]).toEqual(["contexts", "kv-buckets", "streams", undefined]);
  });
});
