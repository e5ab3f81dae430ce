import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runCli, spawnCliBackground, tempHome, type SpawnedCli } from "../helpers/run-cli.js";
import { REFUSED_PORT, startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// The completion scripts, run in the real shells against a real server: the names in argument positions come from
// `nats __complete` (src/commands/complete.ts), which the scripts call with the global flags typed on the line.

const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
const run = promisify(execFile);
let home: string;
let env: NodeJS.ProcessEnv;
let server: NatsServer;
let service: SpawnedCli;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  home = tempHome();
  // a `nats` on PATH, so the scripts' calls of `nats __complete` run the real bin
  const bin = path.join(home, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "nats"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(path.join(bin, "nats"), 0o755);
  env = { PATH: `${bin}:${process.env.PATH}`, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), XDG_CACHE_HOME: path.join(home, ".cache"), NO_COLOR: "1" };
  server = await startNatsServer({ jetstream: true });
  const cli = async (...args: string[]) => {
    const r = await runCli(args, { env: { HOME: home } });
    expect(r.code, `nats ${args.join(" ")}: ${r.stderr}`).toBe(0);
  };
  // two contexts on a port nothing listens on, and "local" (selected) on the test's server
  for (const name of ["prod-east", "staging"]) await cli("ctx", "add", name, "-s", `nats://127.0.0.1:${REFUSED_PORT}`);
  await cli("ctx", "add", "local", "-s", server.url, "--select");
  await cli("stream", "add", "ORDERS", "--subjects", "orders.>", "--defaults");
  await cli("stream", "add", "PAYMENTS", "--subjects", "payments.>", "--defaults");
  for (const c of ["PROCESSOR", "AUDIT"]) await cli("consumer", "add", "ORDERS", c, "--pull", "--defaults");
  await cli("consumer", "add", "PAYMENTS", "SETTLE", "--pull", "--defaults");
  await cli("kv", "add", "CONFIG");
  await cli("kv", "add", "SESSIONS");
  await cli("kv", "put", "CONFIG", "app.name", "shop");
  await cli("kv", "put", "CONFIG", "app.port", "8080");
  await cli("kv", "put", "SESSIONS", "s1", "x");
  await cli("object", "add", "FILES");
  for (const name of ["report.pdf", "logo.png"]) {
    const r = await runCli(["object", "put", "FILES", "--name", name, "--force"], { env: { HOME: home }, stdin: "data" });
    expect(r.code, r.stderr).toBe(0);
  }
  // a NATS micro service answering $SRV.PING, in a process of its own (the shells below block this one's event loop)
  service = spawnCliBackground(["-s", server.url, "service", "serve", "greeter"]);
  for (let i = 0; i < 100 && !(await runCli(["-s", server.url, "service", "ls"])).stdout.includes("greeter"); i++) await new Promise((r) => setTimeout(r, 50));
  for (const shell of ["bash", "zsh", "fish", "powershell"]) {
    scripts[shell] = path.join(home, `nats.${shell}`);
    writeFileSync(scripts[shell]!, (await runCli(["completion", shell])).stdout);
  }
}, 60_000);

afterAll(async () => {
  service?.kill("SIGTERM");
  await service?.result.catch(() => undefined);
  await server?.stop();
});

/** What the bash completion function offers for a command line (typed up to its end; a trailing blank starts a new word). */
const BASH_HARNESS = `source "$1"; COMP_LINE="$2"; COMP_POINT=\${#COMP_LINE}; _nats_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
function bashComplete(line: string): string[] {
  return execFileSync("bash", ["-c", BASH_HARNESS, "bash", scripts.bash!, line], { env, encoding: "utf8" }).split("\n").filter(Boolean);
}

describe("bash completion", () => {
  it("completes top-level commands and a group's verbs through aliases", () => {
    expect(bashComplete("nats con")).toEqual(["context", "consumer"]);
    expect(bashComplete("nats ctx ")).toEqual(["add", "ls", "select", "unselect", "previous", "rm", "info", "copy", "edit", "validate"]);
  });

  it("offers a command's alias when no name fits what is typed", () => {
    expect(bashComplete("nats obs")).toEqual(["obs"]);
    expect(bashComplete("nats str")).toEqual(["stream"]);
    expect(bashComplete("nats stream ls")).toEqual(["ls"]);
  });

  it("completes context names, after global flags with values too", () => {
    expect(bashComplete("nats --context ")).toEqual(["local", "prod-east", "staging"]);
    expect(bashComplete("nats -s nats://x:1 ctx select st")).toEqual(["staging"]);
    expect(bashComplete("nats ctx add ")).toEqual([]); // a new name
  });

  it("completes the flags of the command being typed plus the global ones", () => {
    const flags = bashComplete("nats ctx add --");
    expect(flags).toContain("--description");
    expect(flags).toContain("--embed");
    expect(flags).toContain("--server");
    expect(flags).not.toContain("--tls-first"); // hidden alias
  });

  it("completes stream names from the server (not the KV and object store streams)", () => {
    expect(bashComplete("nats stream info ")).toEqual(["ORDERS", "PAYMENTS"]);
    expect(bashComplete("nats str rm P")).toEqual(["PAYMENTS"]);
    expect(bashComplete("nats consumer ls ")).toEqual(["ORDERS", "PAYMENTS"]);
    expect(bashComplete("nats stream add ")).toEqual([]); // a new name
  });

  it("completes the consumers of the stream already typed", () => {
    expect(bashComplete("nats consumer info ORDERS ")).toEqual(["AUDIT", "PROCESSOR"]);
    expect(bashComplete("nats con next PAYMENTS ")).toEqual(["SETTLE"]);
    expect(bashComplete("nats consumer info ORDERS --json P")).toEqual(["PROCESSOR"]);
  });

  it("completes KV buckets, and the keys of the bucket typed", () => {
    expect(bashComplete("nats kv get ")).toEqual(["CONFIG", "SESSIONS"]);
    expect(bashComplete("nats kv get CONFIG ")).toEqual(["app.name", "app.port"]);
    expect(bashComplete("nats kv del SESSIONS ")).toEqual(["s1"]);
  });

  it("completes object store buckets and their objects", () => {
    expect(bashComplete("nats object ls ")).toEqual(["FILES"]);
    expect(bashComplete("nats obj get FILES ")).toEqual(["logo.png", "report.pdf"]);
  });

  it("completes service names", () => {
    expect(bashComplete("nats service info ")).toEqual(["greeter"]);
  });

  it("completes the values of --stream, and of a stream's or bucket's --mirror and --source", () => {
    expect(bashComplete("nats sub orders.new --stream ")).toEqual(["ORDERS", "PAYMENTS"]);
    expect(bashComplete("nats events --stream P")).toEqual(["PAYMENTS"]);
    expect(bashComplete("nats stream add COPY --source ")).toEqual(["ORDERS", "PAYMENTS"]);
    expect(bashComplete("nats kv add BACKUP --mirror ")).toEqual(["CONFIG", "SESSIONS"]);
  });

  it("asks the server the command line names: --context and --server are passed on", () => {
    expect(bashComplete("nats --context prod-east stream info ")).toEqual([]);
    expect(bashComplete(`nats --context prod-east --server ${server.url} stream info `)).toEqual(["ORDERS", "PAYMENTS"]);
    expect(bashComplete(`nats --context=prod-east -s ${server.url} kv get C`)).toEqual(["CONFIG"]);
  });
});

// Skipped only where the shell itself is missing (.ci/run installs both): nothing to run the script in.
describe.skipIf(!has("fish"))("fish completion (fish installed)", () => {
  const fish = (line: string) => execFileSync("fish", ["-c", `source ${scripts.fish}; complete -C '${line}'`], { env, encoding: "utf8" }).split("\n").filter(Boolean).map((l) => l.split("\t")[0]);
  it("completes verbs, context names, flags and aliases", () => {
    expect(fish("nats ctx ")).toContain("previous");
    expect(fish("nats ctx select ")).toEqual(["local", "prod-east", "staging"]);
    expect(fish("nats --context ")).toEqual(["local", "prod-east", "staging"]);
    expect(fish("nats ctx add --emb")).toEqual(["--embed"]);
    expect(fish("nats obs")).toEqual(["obs"]);
  });

  it("completes streams, consumers, buckets, keys, objects and services from the server", () => {
    expect(fish("nats stream info ")).toEqual(["ORDERS", "PAYMENTS"]);
    expect(fish("nats consumer info ORDERS ")).toEqual(["AUDIT", "PROCESSOR"]);
    expect(fish("nats kv get ")).toEqual(["CONFIG", "SESSIONS"]);
    expect(fish("nats kv get CONFIG ")).toEqual(["app.name", "app.port"]);
    expect(fish("nats object get FILES ")).toEqual(["logo.png", "report.pdf"]);
    expect(fish("nats service ping ")).toEqual(["greeter"]);
    expect(fish("nats sub x --stream ")).toEqual(["ORDERS", "PAYMENTS"]);
    expect(fish("nats --context prod-east stream info ")).toEqual([]);
    expect(fish(`nats --context=prod-east -s ${server.url} stream info O`)).toEqual(["ORDERS"]);
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
    expect(zsh("nats", "--context", "")).toEqual(["local", "prod-east", "staging"]);
    expect(zsh("nats", "ctx", "rm", "")).toEqual(["local", "prod-east", "staging"]);
    expect(zsh("nats", "--creds", "")).toEqual(["FILES"]);
    expect(zsh("nats", "ctx", "add", "--")).toContain("--embed:Embed credentials, nkey, JWT and seed files in the context as data: URIs");
    // no name starts with "obs": the aliases are offered (zsh itself then keeps those that fit)
    expect(zsh("nats", "obs")).toContain("obs:alias of consumer");
    expect(zsh("nats", "st")).not.toContain("str:alias of stream");
  });

  it("completes streams, consumers, buckets, keys, objects and services from the server", () => {
    expect(zsh("nats", "stream", "info", "")).toEqual(["ORDERS", "PAYMENTS"]);
    expect(zsh("nats", "consumer", "rm", "ORDERS", "")).toEqual(["AUDIT", "PROCESSOR"]);
    expect(zsh("nats", "kv", "history", "CONFIG", "")).toEqual(["app.name", "app.port"]);
    expect(zsh("nats", "object", "info", "FILES", "")).toEqual(["logo.png", "report.pdf"]);
    expect(zsh("nats", "object", "ls", "")).toEqual(["FILES"]);
    expect(zsh("nats", "service", "stats", "")).toEqual(["greeter"]);
    expect(zsh("nats", "kv", "add", "BACKUP", "--source", "")).toEqual(["CONFIG", "SESSIONS"]);
    expect(zsh("nats", "--context", "prod-east", "stream", "info", "")).toEqual([]);
    expect(zsh("nats", "--context=prod-east", "-s", server.url, "consumer", "info", "PAYMENTS", "")).toEqual(["SETTLE"]);
  });
});

// PowerShell is neither packaged by Debian nor installable from npm (its npm wrappers download a release at install
// time), so no machine of this project has it: the script is generated and checked in, but cannot run here.
describe.skipIf(!has("pwsh"))("PowerShell completion (pwsh installed; Debian and npm do not package it)", () => {
  const pwsh = (line: string) => execFileSync("pwsh", ["-NoProfile", "-NonInteractive", "-Command",
    `. '${scripts.powershell}'; (TabExpansion2 -inputScript '${line}' -cursorColumn ${line.length}).CompletionMatches | ForEach-Object { $_.CompletionText }`],
  { env, encoding: "utf8" }).split(/\r?\n/).filter(Boolean);
  it("completes verbs, streams, consumers, keys and contexts", () => {
    expect(pwsh("nats ctx ")).toContain("previous");
    expect(pwsh("nats stream info ")).toEqual(["ORDERS", "PAYMENTS"]);
    expect(pwsh("nats consumer info ORDERS ")).toEqual(["AUDIT", "PROCESSOR"]);
    expect(pwsh("nats kv get CONFIG ")).toEqual(["app.name", "app.port"]);
    expect(pwsh("nats --context ")).toEqual(["local", "prod-east", "staging"]);
  });
});

describe("nats __complete", () => {
  const complete = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { env: { ...env, ...extra } });

  it("prints one name per line, and nothing (exit 0) for what it cannot answer", async () => {
    expect(await complete(["__complete", "streams"])).toEqual({ code: 0, stdout: "ORDERS\nPAYMENTS\n", stderr: "" });
    expect(await complete(["__complete", "consumers", "ORDERS"])).toEqual({ code: 0, stdout: "AUDIT\nPROCESSOR\n", stderr: "" });
    for (const args of [["__complete"], ["__complete", "bogus"], ["__complete", "consumers"], ["__complete", "consumers", "NOPE"], ["__complete", "kv-keys", "NOPE"]]) {
      expect(await complete(args), args.join(" ")).toEqual({ code: 0, stdout: "", stderr: "" });
    }
  });

  it("is left out of help and of the scripts' command lists", async () => {
    const help = await complete(["--help"]);
    expect(help.stdout).toContain("completion");
    expect(help.stdout).not.toContain("__complete");
    expect(bashComplete("nats __")).toEqual([]);
  });

  it("with no server, prints nothing at once and exits 0; with a server that never answers, gives up after about a second", async () => {
    const refused = await run("nats", ["--context", "prod-east", "__complete", "streams"], { env });
    expect(refused).toEqual({ stdout: "", stderr: "" });
    // a listener that accepts and then says nothing: the connect timeout must end the wait
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => { sockets.push(s); });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      // asynchronously: this process must go on accepting while the shell waits
      const out = (await run("bash", ["-c", BASH_HARNESS, "bash", scripts.bash!, `nats -s nats://127.0.0.1:${port} stream info `], { env })).stdout.split("\n").filter(Boolean);
      // a hang guard, not a speed target: the completion gives up by itself instead of holding the shell
      expect(Date.now() - started).toBeLessThan(4000);
      expect(out).toEqual([]);
      expect(sockets.length).toBeGreaterThan(0); // it did try this server
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it("caches an answer briefly, keyed without secrets", async () => {
    const cache = path.join(tempHome(), "cache");
    const url = `nats://someone:s3cr3t-pw@127.0.0.1:${server.port}`;
    const ask = () => complete(["-s", url, "__complete", "streams"], { XDG_CACHE_HOME: cache });
    expect((await ask()).stdout).toBe("ORDERS\nPAYMENTS\n");
    expect((await runCli(["stream", "add", "NEWER", "--subjects", "newer", "--defaults"], { env: { HOME: home } })).code).toBe(0);
    try {
      expect((await ask()).stdout).toBe("ORDERS\nPAYMENTS\n"); // from the cache
      expect((await complete(["__complete", "streams"], { XDG_CACHE_HOME: path.join(cache, "other") })).stdout).toBe("NEWER\nORDERS\nPAYMENTS\n");
      const dir = path.join(cache, "natsx", "complete");
      const files = readdirSync(dir);
      expect(files.length).toBe(1);
      expect(files[0]).toMatch(/^[0-9a-f]{32}$/);
      const text = readFileSync(path.join(dir, files[0]!), "utf8");
      expect(JSON.parse(text)).toEqual({ at: expect.any(Number), names: ["ORDERS", "PAYMENTS"] });
      expect(text).not.toContain("s3cr3t");
    } finally {
      expect((await runCli(["stream", "rm", "NEWER", "--force"], { env: { HOME: home } })).code).toBe(0);
    }
  });
});
