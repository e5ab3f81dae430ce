import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, runCli, tempHome } from "../helpers/run-cli.js";

const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
let home: string;
let env: NodeJS.ProcessEnv;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  home = tempHome();
  // a `nats` on PATH, so the scripts' dynamic context lookup (`nats context ls --names`) runs the real bin
  const bin = path.join(home, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "nats"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(path.join(bin, "nats"), 0o755);
  env = { PATH: `${bin}:${process.env.PATH}`, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), NO_COLOR: "1" };
  for (const name of ["prod-east", "staging"]) {
    expect((await runCli(["ctx", "add", name, "-s", "nats://h:4222"], { env: { HOME: home } })).code).toBe(0);
  }
  for (const shell of ["bash", "zsh", "fish"]) {
    scripts[shell] = path.join(home, `nats.${shell}`);
    writeFileSync(scripts[shell]!, (await runCli(["completion", shell])).stdout);
  }
});

/** Asks the generated bash function for completions of a command line (last word = word being completed). */
function bashComplete(words: string[]): string[] {
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _nats_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync("bash", ["-c", script, "bash", scripts.bash!, ...words], { env, encoding: "utf8" });
  return out.split("\n").filter(Boolean);
}

describe("bash completion", () => {
  it("completes top-level commands and a group's verbs through aliases", () => {
    expect(bashComplete(["nats", "con"])).toEqual(["context", "consumer"]);
    expect(bashComplete(["nats", "ctx", ""])).toEqual(["add", "ls", "select", "unselect", "previous", "rm", "info", "copy", "edit", "validate"]);
  });

  it("completes context names dynamically, after global flags with values too", () => {
    expect(bashComplete(["nats", "--context", ""])).toEqual(["prod-east", "staging"]);
    expect(bashComplete(["nats", "-s", "nats://x:1", "ctx", "select", "st"])).toEqual(["staging"]);
  });

  it("completes the flags of the command being typed plus the global ones", () => {
    const flags = bashComplete(["nats", "ctx", "add", "--"]);
    expect(flags).toContain("--description");
    expect(flags).toContain("--embed");
    expect(flags).toContain("--server");
    expect(flags).not.toContain("--tls-first"); // hidden alias
  });
});

// Skipped only where the shell itself is missing (.ci/run installs both): nothing to run the script in.
describe.skipIf(!has("fish"))("fish completion (fish installed)", () => {
  const fish = (line: string) => execFileSync("fish", ["-c", `source ${scripts.fish}; complete -C '${line}'`], { env, encoding: "utf8" }).split("\n").filter(Boolean).map((l) => l.split("\t")[0]);
  it("completes verbs, context names and flags", () => {
    expect(fish("nats ctx ")).toContain("previous");
    expect(fish("nats ctx select ")).toEqual(["prod-east", "staging"]);
    expect(fish("nats --context ")).toEqual(["prod-east", "staging"]);
    expect(fish("nats ctx add --emb")).toEqual(["--embed"]);
  });
});

describe.skipIf(!has("zsh"))("zsh completion (zsh installed)", () => {
  // zsh's completion builtins only exist inside a completion widget: stand-ins print what they are given
  const harness = `compdef() { :; }
_describe() { local arr=\${@[-1]}; print -rl -- "\${(@P)arr}" }
compadd() { shift \${@[(i)--]}; print -rl -- "$@" }
_files() { print FILES }
source "$1"; shift
words=("$@"); CURRENT=\${#words}
_nats`;
  const zsh = (...words: string[]) => execFileSync("zsh", ["-c", harness, "zsh", scripts.zsh!, ...words], { env, encoding: "utf8" }).split("\n").filter(Boolean);

  it("is valid zsh", () => {
    expect(spawnSync("zsh", ["-n", scripts.zsh!]).status).toBe(0);
  });

  it("offers verbs with descriptions, context names, files and flags", () => {
    expect(zsh("nats", "ctx", "")).toContain("previous:Switch to the previous context");
    expect(zsh("nats", "--context", "")).toEqual(["prod-east", "staging"]);
    expect(zsh("nats", "ctx", "rm", "")).toEqual(["prod-east", "staging"]);
    expect(zsh("nats", "--creds", "")).toEqual(["FILES"]);
    expect(zsh("nats", "ctx", "add", "--")).toContain("--embed:Embed credentials, nkey, JWT and seed files in the context as data: URIs");
  });
});
