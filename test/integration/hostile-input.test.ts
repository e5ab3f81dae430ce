import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Objm } from "@nats-io/obj";
import { BIN, runCli, spawnCli, tempHome, type CliResult, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// Input a script or a hostile caller can give: bytes that are not UTF-8, whitespace and control characters in
// subjects, header lines with CR/LF. None may publish to another subject than the one typed, create something
// under another name, or change a payload.

let server: NatsServer;
let nc: NatsConnection;
let seq = 0;
const uniq = (p: string) => `${p}${++seq}x${Date.now() % 100000}`;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

/** Everything published while `fn` runs (the wildcard catches a message to any subject). */
async function published(fn: () => Promise<unknown>): Promise<Msg[]> {
  const msgs: Msg[] = [];
  const sub = nc.subscribe(">", { callback: (_e, m) => { if (!m.subject.startsWith("$") && !m.subject.startsWith("_INBOX")) msgs.push(m); } });
  await nc.flush();
  await fn();
  await nc.flush();
  await new Promise((r) => setTimeout(r, 50));
  sub.unsubscribe();
  return msgs;
}

/** Runs argv in bash, so the bytes reach the CLI exactly as a shell passes them ($'\xff' is a raw 0xFF byte). */
function viaShell(script: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { env: { ...process.env, NATS: `${process.execPath} ${BIN}`, NATS_URL: server.url, HOME: tempHome(), NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += String(d); });
    child.stderr.on("data", (d) => { stderr += String(d); });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function usageLine(r: CliResult, re: RegExp): void {
  expect(r.stdout).toBe("");
  expect(r.stderr, r.stderr).toMatch(re);
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.code, r.stderr).toBe(2);
}

describe("arguments that are not UTF-8", () => {
  it("pub and stream add from a shell: refused, nothing published, no stream made", async () => {
    const msgs = await published(async () => {
      const r = await viaShell(`$NATS pub $'a.\\xff\\xfe' x`);
      usageLine(r, cliError(/^the subject argument "a\.\uFFFD\uFFFD" is not valid UTF-8 — /));
      const r2 = await viaShell(`$NATS pub --reply $'r\\xff' a.b x`);
      usageLine(r2, cliError(/^--reply "r\uFFFD" is not valid UTF-8/));
    });
    expect(msgs.map((m) => m.subject)).toEqual([]);
    const r = await viaShell(`$NATS stream add $'S\\xff' --subjects hostile.s --defaults`);
    usageLine(r, cliError(/^the stream argument "S\uFFFD" is not valid UTF-8/));
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const n of jsm.streams.names()) names.push(n);
    expect(names).toEqual([]);
  });

  it("every kind of name, as an argument or a flag, in every command", async () => {
    const S = uniq("ST");
    const B = uniq("KV");
    const O = uniq("OB");
    expect((await runCli(["stream", "add", S, "--subjects", `${S}.>`, "--defaults", "-s", server.url])).code).toBe(0);
    expect((await runCli(["kv", "add", B, "-s", server.url])).code).toBe(0);
    expect((await runCli(["object", "add", O, "-s", server.url])).code).toBe(0);
    const bad = "x\uFFFD";
    const cases: [string[], string][] = [
      [["pub", `a.${bad}`, "hi"], "the subject argument"],
      [["pub", "a.b", `hi${bad}`], "the body argument"],
      [["pub", "a.b", "hi", "-H", `k:${bad}`], "--header"],
      [["req", `a.${bad}`, "hi"], "the subject argument"],
      [["sub", "ok.1", `a.${bad}`], "the subjects argument"],
      [["reply", `a.${bad}`, "hi"], "the subject argument"],
      [["stream", "add", bad, "--subjects", "q", "--defaults"], "the stream argument"],
      [["stream", "add", uniq("NEW"), "--subjects", `q.${bad}`, "--defaults"], "--subjects"],
      [["stream", "info", bad], "the stream argument"],
      [["stream", "rm", bad, "-f"], "the stream argument"],
      [["consumer", "add", S, bad, "--defaults", "--pull"], "the consumer argument"],
      [["consumer", "add", S, "C1", "--defaults", "--pull", "--filter", `${S}.${bad}`], "--filter"],
      [["consumer", "info", S, bad], "the consumer argument"],
      [["kv", "add", bad], "the bucket argument"],
      [["kv", "put", B, bad, "v"], "the key argument"],
      [["kv", "put", B, "k", `v${bad}`], "the value argument"],
      [["kv", "get", B, bad], "the key argument"],
      [["object", "put", O, "-", "--name", bad], "--name"],
      [["object", "get", O, bad], "the name argument"],
      [["--inbox-prefix", `_I.${bad}`, "req", "a.b", "x"], "--inbox-prefix"],
    ];
    const msgs = await published(async () => {
      for (const [args, label] of cases) {
        const r = await runCli([...args, "-s", server.url], { stdin: "data" });
        expect(r.stderr, args.join(" ")).toContain(cliError(`${label} "`));
        usageLine(r, /is not valid UTF-8 — /);
      }
    });
    expect(msgs).toEqual([]);
    const jsm = await jetstreamManager(nc);
    const streams: string[] = [];
    for await (const n of jsm.streams.names()) streams.push(n);
    expect(streams.filter((n) => n.includes("\uFFFD") || n.startsWith("NEW"))).toEqual([]);
    const consumers: string[] = [];
    for await (const c of jsm.consumers.list(S)) consumers.push(c.name);
    expect(consumers).toEqual([]);
    const keys: string[] = [];
    for await (const k of await (await new Kvm(nc).open(B)).keys()) keys.push(k);
    expect(keys).toEqual([]);
  });
});

describe("whitespace, control characters and header injection", () => {
  it("are refused in one escaped line, and nothing is published", async () => {
    const cases: [string[], string][] = [
      [["pub", "a\nb", "x"], 'invalid subject "a\\nb"'],
      [["pub", "a.b\r\nPUB evil 2\r\nhi", "x"], 'invalid subject "a.b\\r\\nPUB evil 2\\r\\nhi"'],
      [["pub", "a\tb\u001b[2J", "x"], 'invalid subject "a\\tb\\u001b[2J"'],
      [["sub", "a b"], 'invalid subject "a b"'],
      [["pub", "a.h", "x", "-H", "k:v\r\nX-Evil: 1"], "values cannot contain"],
      [["pub", "a.h", "x", "-H", "k\r\nX-Evil:1"], 'invalid header "k\\r\\nX-Evil:1"'],
      [["req", "a.h", "x", "-H", "k:v\nX-Evil: 1"], "values cannot contain"],
    ];
    const msgs = await published(async () => {
      for (const [args, text] of cases) {
        const r = await runCli([...args, "-s", server.url]);
        expect(r.stderr, args.join(" ")).toContain(text);
        usageLine(r, cliError(/^[^\r\n\u001b]*\n$/));
      }
    });
    expect(msgs).toEqual([]);
  });
});

describe("payloads stay byte-exact", () => {
  const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

  it("pub from stdin through the real bin: every byte value arrives as sent", async () => {
    const subject = uniq("bin.");
    const msgs = await published(async () => {
      const r = await spawnCli(["pub", "-s", server.url, subject, "--force-stdin"], { stdin: ALL_BYTES });
      expect(r.code, r.stderr).toBe(0);
    });
    expect(msgs).toHaveLength(1);
    expect(Buffer.from(msgs[0]!.data).equals(ALL_BYTES)).toBe(true);
  });

  it("kv put from stdin and object put from a file keep binary data", async () => {
    const B = uniq("KVB");
    const O = uniq("OBB");
    expect((await runCli(["kv", "add", B, "-s", server.url])).code).toBe(0);
    const r = await runCli(["kv", "put", B, "bin", "-s", server.url], { stdin: ALL_BYTES });
    expect(r.code, r.stderr).toBe(0);
    const e = await (await new Kvm(nc).open(B)).get("bin");
    expect(Buffer.from(e!.value).equals(ALL_BYTES)).toBe(true);

    const dir = tempHome();
    const file = path.join(dir, "bytes.bin");
    writeFileSync(file, ALL_BYTES);
    expect((await runCli(["object", "add", O, "-s", server.url])).code).toBe(0);
    const put = await runCli(["object", "put", O, file, "-s", server.url]);
    expect(put.code, put.stderr).toBe(0);
    const out = path.join(dir, "back.bin");
    // put keys the object by the path given (natscli), so get takes the same path
    const get = await runCli(["object", "get", O, file, "-O", out, "-s", server.url]);
    expect(get.code, get.stderr).toBe(0);
    expect(readFileSync(out).equals(ALL_BYTES)).toBe(true);
    const os = await new Objm(nc).open(O);
    expect(Buffer.from((await os.getBlob(file))!).equals(ALL_BYTES)).toBe(true);
  });
});
