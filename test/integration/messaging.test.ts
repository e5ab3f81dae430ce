import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, headers, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { runCli, startCli, cliError, withoutControls } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { scratchDir } from "../helpers/scratch.js";

let server: NatsServer;
let restricted: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer({ monitor: true });
  restricted = await startNatsServer({
    config: `max_payload: 1024
authorization {
  users = [
    { user: "full", password: "fullpw" }
    { user: "limited", password: "limitedpw", permissions: { publish: { deny: ["secret.>"] }, subscribe: { deny: ["private.>"] } } }
  ]
}
`,
  });
  nc = await connect({ servers: server.url });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
  await restricted?.stop();
});

const LOG = /\d\d:\d\d:\d\d /;
let seq = 0;
const uniq = (p: string) => `${p}${++seq}x${Date.now() % 100000}`;

/** Collects messages on `subject` with an independent connection. */
async function collect(subject: string, conn: NatsConnection = nc): Promise<{ msgs: Msg[]; stop: () => void }> {
  const msgs: Msg[] = [];
  const sub = conn.subscribe(subject, { callback: (_e, m) => { msgs.push(m); } });
  await conn.flush();
  return { msgs, stop: () => sub.unsubscribe() };
}

/** Waits until the server has `n` (or, with `exact`, exactly n) subscriptions matching `subject` (for modes that log no "Subscribing on"). */
async function interest(subject: string, n: number, exact = false): Promise<void> {
  const end = Date.now() + 10_000;
  for (;;) {
    const r = (await (await fetch(`${server.monitorUrl}/subsz?subs=1&test=${encodeURIComponent(subject)}`)).json()) as { total?: number };
    if (exact ? (r.total ?? 0) === n : (r.total ?? 0) >= n) return;
    if (Date.now() > end) throw new Error(`no interest in ${subject}`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("pub", () => {
  it("publishes body, headers and reply, logging one line per message", async () => {
    const s = uniq("pub.a");
    const c = await collect(s);
    const r = await runCli(["pub", "-s", server.url, s, "hello", "-H", "A:1", "-H", "B: two ", "--reply", "answers"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d Published 5 bytes to "${s}"\\n$`));
    await until(() => c.msgs.length === 1);
    const m = c.msgs[0]!;
    expect(m.string()).toBe("hello");
    expect(m.reply).toBe("answers");
    expect(m.headers?.get("A")).toBe("1");
    expect(m.headers?.get("B")).toBe("two");
  });

  it("templates body, subject and headers per message, and --no-templates sends them literally", async () => {
    const base = uniq("pub.t");
    const c = await collect(`${base}.>`);
    const r = await runCli(["pub", "-s", server.url, `${base}.{{Count}}`, "n={{.Count}} id={{ID}}", "--count", "3", "-H", "X:{{Cnt}}"]);
    expect(r.code).toBe(0);
    await until(() => c.msgs.length === 3);
    expect(c.msgs.map((m) => m.subject)).toEqual([`${base}.1`, `${base}.2`, `${base}.3`]);
    expect(c.msgs[0]!.string()).toMatch(/^n=1 id=[A-Za-z0-9]{22}$/);
    expect(c.msgs.map((m) => m.headers?.get("X"))).toEqual(["1", "2", "3"]);
    const r2 = await runCli(["pub", "-s", server.url, `${base}.lit`, "{{Count}}", "--no-templates"]);
    expect(r2.code).toBe(0);
    await until(() => c.msgs.length === 4);
    expect(c.msgs[3]!.string()).toBe("{{Count}}");
  });

  it("sends a bad template literally after one warning", async () => {
    const s = uniq("pub.bad");
    const c = await collect(s);
    const r = await runCli(["pub", "-s", server.url, s, "x {{Nope}}"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Could not parse body template: function "Nope" not defined');
    await until(() => c.msgs.length === 1);
    expect(c.msgs[0]!.string()).toBe("x {{Nope}}");
  });

  it("reads the whole of stdin as one body, or one message per line with --send-on newline", async () => {
    const s = uniq("pub.stdin");
    const c = await collect(s);
    const r = await runCli(["pub", "-s", server.url, s], { stdin: "abc\ndef\n" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Reading payload from STDIN");
    await until(() => c.msgs.length === 1);
    expect(c.msgs[0]!.string()).toBe("abc\ndef\n");
    const r2 = await runCli(["pub", "-s", server.url, s, "--send-on", "newline"], { stdin: "a\n\nb\n" });
    expect(r2.code).toBe(0);
    await until(() => c.msgs.length === 4);
    expect(c.msgs.slice(1).map((m) => m.string())).toEqual(["a", "", "b"]);
  });

  it("leaves stdin alone when a body is given (shell while-read loops)", async () => {
    const s = uniq("pub.keep");
    const c = await collect(s);
    const r = await runCli(["pub", "-s", server.url, s, "arg"], { stdin: "from stdin" });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("STDIN");
    await until(() => c.msgs.length === 1);
    expect(c.msgs[0]!.string()).toBe("arg");
  });

  it("sends @name literally (no implicit file expansion) and reads files only with --file", async () => {
    const dir = scratchDir("natsx-pub-");
    writeFileSync(path.join(dir, "body.txt"), "file contents");
    const s = uniq("pub.file");
    const c = await collect(s);
    const r = await runCli(["pub", "-s", server.url, s, "@body.txt"], { cwd: dir });
    expect(r.code).toBe(0);
    const r2 = await runCli(["pub", "-s", server.url, s, "--file", path.join(dir, "body.txt")]);
    expect(r2.code).toBe(0);
    await until(() => c.msgs.length === 2);
    expect(c.msgs.map((m) => m.string())).toEqual(["@body.txt", "file contents"]);
    const r3 = await runCli(["pub", "-s", server.url, s, "--file", path.join(dir, "missing.txt")]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(cliError(/^cannot read the body file ".*missing.txt": no such file\n$/));
  });

  it("summarises big runs in one line instead of a line per message; -q prints nothing", async () => {
    const s = uniq("pub.many");
    const c = await collect(s);
    const r = await runCli(["pub", "-s", server.url, s, "x", "--count", "50"]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`${LOG.source}Published 50 messages \\(50 B\\) to "${s}"$`))]);
    const q = await runCli(["pub", "-s", server.url, s, "x", "--count", "5", "-q"]);
    expect(q).toEqual({ code: 0, stdout: "", stderr: "" });
    await until(() => c.msgs.length === 55);
  });

  it("draws a progress bar on a terminal's stderr for big counts", async () => {
    const s = uniq("pub.bar");
    const r = await runCli(["pub", "-s", server.url, s, "x", "--count", "30000"], { tty: { err: true } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(withoutControls(r.stderr)).toMatch(/Publishing \[=+\] 100% 30,000\/30,000 [\d,]+\/s in [\d.]+m?s\n/);
    expect(r.stderr).toMatch(/Published 30,000 messages/);
  });

  it("stops reading stdin on Ctrl-C, flushes what was sent and exits 130", async () => {
    const s = uniq("pub.int");
    const c = await collect(s);
    const run = startCli(["pub", "-s", server.url, s, "--send-on", "newline"], { keepStdinOpen: true });
    run.stdin.write("one\ntwo\n");
    await run.waitFor('Published 3 bytes to', { stream: "err" });
    await until(() => c.msgs.length === 2);
    run.abort();
    const r = await run.result;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Interrupted after publishing 2 messages; everything published was flushed\n$/);
  });

  it("paces messages with --sleep", async () => {
    const s = uniq("pub.sleep");
    const c = await collect(s);
    const t0 = Date.now();
    const r = await runCli(["pub", "-s", server.url, s, "x", "--count", "3", "--sleep", "100ms"]);
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    await until(() => c.msgs.length === 3);
  });

  it("reads stdin from a terminal only with --force-stdin when stdout is not a terminal", async () => {
    const s = uniq("pub.tty");
    const c = await collect(s);
    const r = await runCli(["pub", "-s", server.url, s], { stdin: "typed", tty: { in: true } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("STDIN");
    const f = await runCli(["pub", "-s", server.url, s, "--force-stdin"], { stdin: "typed", tty: { in: true } });
    expect(f.code).toBe(0);
    await until(() => c.msgs.length === 2);
    expect(c.msgs.map((m) => m.string())).toEqual(["", "typed"]);
  });

  it("rejects a header without a colon", async () => {
    const r = await runCli(["pub", "-s", server.url, "x", "y", "-H", "novalue"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError('invalid header "novalue" — headers are given as -H KEY:VALUE\n'));
  });

  it("fails with exit 9 and one line when publishing is denied", async () => {
    const r = await runCli(["pub", "-s", restricted.url, "--user", "limited", "--password", "limitedpw", "secret.plans", "x"]);
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(cliError(/^permission denied: publish to "secret.plans" is not allowed for this user\n$/));
  });

  it("fails with one line when the payload exceeds max_payload", async () => {
    const r = await runCli(["pub", "-s", restricted.url, "--user", "full", "--password", "fullpw", "big", "x".repeat(2000)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^message 1 is 2,000 bytes, larger than the server's max_payload of 1,024 bytes — .*\n$/));
  });

  it("rejects invalid subjects with a usage error", async () => {
    for (const subj of ["a..b", "a.*", "with space"]) {
      const r = await runCli(["pub", "-s", server.url, subj, "x"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(cliError(/^invalid subject/));
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("sub", () => {
  it("prints natscli's layout: header line, headers, body, blank lines, nil body", async () => {
    const s = uniq("sub.pretty");
    const run = startCli(["sub", "-s", server.url, s, "--count", "3"]);
    await run.waitFor(`Subscribing on ${s} `, { stream: "err" });
    const h = headers();
    h.set("Trace", "abc");
    nc.publish(s, "hello", { headers: h });
    nc.publish(s, "");
    nc.publish(s, "line\n", { reply: "my.reply" });
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`[#1] Received on "${s}"\nTrace: abc\n\nhello\n\n[#2] Received on "${s}"\nnil body\n\n[#3] Received on "${s}" with reply "my.reply"\nline\n\n`);
    expect(r.stderr).toMatch(new RegExp(`^${LOG.source}Subscribing on ${s} \\n${LOG.source}Received 3 messages\\n$`));
  });

  it("--json prints one parseable object per line on a live stream, base64 for binary data", async () => {
    const s = uniq("sub.json");
    const run = startCli(["sub", "-s", server.url, `${s}.>`, "--json"]);
    await run.waitFor(`Subscribing on ${s}.> `, { stream: "err" });
    const h = headers();
    h.append("K", "v1");
    h.append("K", "v2");
    nc.publish(`${s}.a`, "text", { headers: h, reply: "r.1" });
    nc.publish(`${s}.b`, new Uint8Array([0xff, 0x00, 0x01]));
    nc.publish(`${s}.c`, "{\"n\":1}");
    await until(() => run.stdout().split("\n").length >= 4);
    run.abort();
    const r = await run.result;
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ count: 1, subject: `${s}.a`, reply: "r.1", headers: { K: ["v1", "v2"] }, data: "text", size: 4 });
    expect(lines[1]).toMatchObject({ count: 2, subject: `${s}.b`, data: "/wAB", encoding: "base64", size: 3 });
    expect(lines[2]).toMatchObject({ count: 3, data: "{\"n\":1}" });
    expect(new Date(lines[0].received).getTime()).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/Received 3 messages\n$/);
  });

  it("--legacy prints the nats-sub line byte for byte", async () => {
    const s = uniq("sub.legacy");
    const run = startCli(["sub", "-s", server.url, s, "--legacy", "--count", "2"]);
    await run.waitFor(`Listening on [${s}]`, { stream: "err" });
    nc.publish(s, '{"a":1}');
    nc.publish(s, "");
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`[#1] Received on [${s}]: '{"a":1}'\n[#2] Received on [${s}]: ''\n`);
  });

  it("--raw, --headers-only, --subjects-only, -t and -d", async () => {
    const s = uniq("sub.modes");
    const h = headers();
    h.set("H", "1");
    const go = async (args: string[]) => {
      await interest(s, 0, true); // the previous run's subscription is gone
      const run = startCli(["sub", "-s", server.url, s, "--count", "2", ...args]);
      await interest(s, 1);
      nc.publish(s, "one", { headers: h });
      nc.publish(s, "two\n");
      return run.result;
    };
    const raw = await go(["--raw"]);
    expect(raw.stdout).toBe("one\ntwo\n");
    expect(raw.stderr).not.toContain("Subscribing");
    const ho = await go(["--headers-only"]);
    expect(ho.stdout).toBe(`[#1] Received on "${s}"\nH: 1\n\n[#2] Received on "${s}"\n`);
    const so = await go(["--subjects-only"]);
    expect(so.stdout).toBe(`[#1] Received on "${s}"\n[#2] Received on "${s}"\n`);
    const ts = await go(["-t"]);
    expect(ts.stdout).toMatch(new RegExp(`^\\[#1\\] @ [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} Received on "${s}"`));
    const dt = await go(["-d"]);
    // Go's Duration.String(), to the nanosecond as natscli's time.Since(): 1.234567ms, 12.5µs
    expect(dt.stdout).toMatch(new RegExp(`^\\[#1\\] @ \\d+\\.\\d+(ms|s|µs) Received on "${s}"`));
    const both = await runCli(["sub", "-s", server.url, s, "-t", "-d"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("timestamp and delta-time flags are mutually exclusive");
  });

  it("shares messages in a --queue group", async () => {
    const s = uniq("sub.q");
    const a = startCli(["sub", "-s", server.url, s, "--queue", "workers", "--raw"]);
    const b = startCli(["sub", "-s", server.url, s, "--queue", "workers", "--raw"]);
    await interest(s, 2);
    for (let i = 0; i < 20; i++) nc.publish(s, String(i));
    await nc.flush();
    await until(() => a.stdout().split("\n").length + b.stdout().split("\n").length - 2 >= 20);
    a.abort();
    b.abort();
    const [ra, rb] = await Promise.all([a.result, b.result]);
    const all = [...ra.stdout.trim().split("\n"), ...rb.stdout.trim().split("\n")].filter(Boolean).map(Number).sort((x, y) => x - y);
    expect(all).toEqual([...Array(20).keys()]);
    expect(ra.code).toBe(0);
  });

  it("--wait ends after idle time with exit 0 and the count on stderr", async () => {
    const s = uniq("sub.wait");
    const run = startCli(["sub", "-s", server.url, s, "--wait", "300ms"]);
    await run.waitFor("Subscribing on", { stream: "err" });
    nc.publish(s, "x");
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Received 1 message \(no traffic for 300ms\)\n$/);
  });

  it("Ctrl-C ends cleanly with exit 0 and the final count", async () => {
    const s = uniq("sub.int");
    const run = startCli(["sub", "-s", server.url, s]);
    await run.waitFor("Subscribing on", { stream: "err" });
    nc.publish(s, "a");
    nc.publish(s, "b");
    await run.waitFor("[#2]");
    run.abort();
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Received 2 messages\n$/);
  });

  it("--dump writes natscli's message JSON to files (0600) or NUL-terminated to stdout", async () => {
    const s = uniq("sub.dump");
    const dir = path.join(scratchDir("natsx-dump-"), "out");
    const run = startCli(["sub", "-s", server.url, s, "--dump", dir, "--count", "2"]);
    await interest(s, 1);
    const h = headers();
    h.set("K", "v");
    nc.publish(s, "hi", { headers: h, reply: "rr" });
    nc.publish(s, "");
    expect((await run.result).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["1.json", "2.json"]);
    expect(JSON.parse(readFileSync(path.join(dir, "1.json"), "utf8"))).toEqual({ Subject: s, Reply: "rr", Header: { K: ["v"] }, Data: "aGk=", Sub: null });
    expect(statSync(path.join(dir, "1.json")).mode & 0o777).toBe(0o600);
    const run2 = startCli(["sub", "-s", server.url, s, "--dump", "-", "--count", "2"]);
    await interest(s, 1);
    nc.publish(s, "a");
    nc.publish(s, "b");
    const r2 = await run2.result;
    expect(r2.stdout.split("\0").filter(Boolean).map((j) => JSON.parse(j).Data)).toEqual(["YQ==", "Yg=="]);
  });

  it("--translate pipes each body through a command", async () => {
    const s = uniq("sub.tr");
    const run = startCli(["sub", "-s", server.url, s, "--raw", "--translate", "tr a-z A-Z", "--count", "2"]);
    await interest(s, 1);
    nc.publish(s, "hello");
    nc.publish(s, "world");
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("HELLO\nWORLD\n");
  });

  it("--translate keeps the subject, reply and headers of each message, an empty body included", async () => {
    const s = uniq("sub.trh");
    const run = startCli(["sub", "-s", server.url, s, "--translate", "wc -c", "--count", "2"]);
    await interest(s, 1);
    nc.publish(s, "");
    const h = headers();
    h.set("k", "v");
    nc.publish(s, "abc", { headers: h, reply: "back.here" });
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("undefined");
    expect(r.stdout.replace(/ +(\d)/g, "$1")).toBe(`[#1] Received on "${s}"\n0\n\n[#2] Received on "${s}" with reply "back.here"\nk: v\n\n3\n\n`);
  });

  it("--match-replies prints each request with its reply", async () => {
    const s = uniq("sub.mr");
    const svc = nc.subscribe(s, { callback: (_e, m) => { m.respond(`re:${m.string()}`); } });
    const run = startCli(["sub", "-s", server.url, s, "--match-replies", "--count", "1"]);
    await run.waitFor("Matching replies", { stream: "err" });
    const rep = await nc.request(s, "q1");
    expect(rep.string()).toBe("re:q1");
    const r = await run.result;
    svc.unsubscribe();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^\\[#1\\] Received on "${s}" with reply "_INBOX\\.[^"]+"\\nq1\\n\\n\\[#1\\] Matched reply on "_INBOX\\.[^"]+"\\nre:q1\\n\\n$`));
  });

  it("-i subscribes to a new inbox and -I ignores subjects", async () => {
    const run = startCli(["sub", "-s", server.url, "-i", "--count", "1"]);
    await run.waitFor(/Subscribing on (_INBOX\.\S+) /, { stream: "err" });
    const inbox = /Subscribing on (_INBOX\.\S+) /.exec(run.stderr())![1]!;
    nc.publish(inbox, "to inbox");
    const r = await run.result;
    expect(r.stdout).toContain("to inbox");

    const s = uniq("sub.ign");
    const run2 = startCli(["sub", "-s", server.url, `${s}.>`, "-I", `${s}.noise.*`, "-I", `${s}.x,${s}.y`, "--raw", "--count", "1"]);
    await interest(`${s}.probe`, 1);
    nc.publish(`${s}.noise.a`, "n1");
    nc.publish(`${s}.x`, "n2");
    nc.publish(`${s}.y`, "n3");
    nc.publish(`${s}.keep`, "kept");
    expect((await run2.result).stdout).toBe("kept\n");
  });

  it("--report-subjects prints a totals table", async () => {
    const s = uniq("sub.rep");
    const run = startCli(["sub", "-s", server.url, `${s}.>`, "--report-subjects", "--report-top", "2", "--count", "4"]);
    await interest(`${s}.probe`, 1);
    nc.publish(`${s}.a`, "12");
    nc.publish(`${s}.b`, "1");
    nc.publish(`${s}.a`, "12");
    nc.publish(`${s}.c`, "1");
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Top 2 Active Subjects Report");
    expect(r.stdout).toMatch(new RegExp(`${s}\\.a\\s+│\\s+2\\s+│\\s+4 B`));
    expect(r.stdout).toMatch(/Totals\s+│\s+4\s+│\s+6 B/);
    expect(r.stdout).not.toContain(`${s}.c `);
  });

  it("fails with exit 9 when the subscription is denied", async () => {
    const r = await runCli(["sub", "-s", restricted.url, "--user", "limited", "--password", "limitedpw", "private.x"]);
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(cliError(/^permission denied: subscription to "private.x" is not allowed for this user\n$/));
  });

  it("requires a subject", async () => {
    const r = await runCli(["sub", "-s", server.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^subject is required — /));
  });
});

describe("req", () => {
  let svc: { stop: () => void };
  let svcSubject: string;
  beforeAll(async () => {
    svcSubject = uniq("svc.echo");
    const sub = nc.subscribe(svcSubject, {
      callback: (_e, m) => {
        const h = headers();
        h.set("Served-By", "test");
        if (m.headers?.get("Want")) h.set("Got", m.headers.get("Want"));
        m.respond(`echo:${m.string()}`, { headers: h });
      },
    });
    await nc.flush();
    svc = { stop: () => sub.unsubscribe() };
  });
  afterAll(() => svc?.stop());

  it("prints the reply body on stdout and timing and headers on stderr", async () => {
    const r = await runCli(["req", "-s", server.url, svcSubject, "ping {{Count}}", "-H", "Want:x"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("echo:ping 1\n\n");
    expect(r.stderr).toMatch(new RegExp(`${LOG.source}Sending request on "${svcSubject}"\\n${LOG.source}Received with rtt [\\d.]+(ms|µs|s)\\n`));
    expect(r.stderr).toContain("Served-By: test");
    expect(r.stderr).toContain("Got: x");
  });

  it("--count: each request gets its own replies, never a late reply to the one before", async () => {
    const subject = uniq("svc.twice");
    // each request first gets a late second reply to the request before it, then its own reply
    let prev: Msg | undefined;
    const sub = nc.subscribe(subject, {
      callback: (_e, m) => {
        if (prev) prev.respond(`late:${prev.string()}`);
        m.respond(`first:${m.string()}`);
        prev = m;
      },
    });
    await nc.flush();
    try {
      const r = await runCli(["req", "-s", server.url, subject, "{{Count}}", "--raw", "--count", "4"]);
      expect(r).toEqual({ code: 0, stdout: "first:1\nfirst:2\nfirst:3\nfirst:4\n", stderr: "" });
    } finally {
      sub.unsubscribe();
    }
  });

  it("--raw prints only bodies; --json one object per reply", async () => {
    const r = await runCli(["req", "-s", server.url, svcSubject, "a", "--raw"]);
    expect(r).toEqual({ code: 0, stdout: "echo:a\n", stderr: "" });
    const j = await runCli(["req", "-s", server.url, svcSubject, "b", "--json", "--count", "2"]);
    expect(j.code).toBe(0);
    const lines = j.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.request, l.data, l.headers["Served-By"]])).toEqual([[1, "echo:b", ["test"]], [2, "echo:b", ["test"]]]);
    expect(typeof lines[0].rtt_ms).toBe("number");
  });

  it("exits 6 when nobody listens and 5 when nobody answers in time", async () => {
    const nr = await runCli(["req", "-s", server.url, uniq("nobody"), "x"]);
    expect(nr.code).toBe(6);
    expect(nr.stderr).toMatch(new RegExp(`No responders are available\\n${cliError(/no responders are available for "nobody[^"]*" — .*\n$/).source}`));
    const silent = uniq("silent");
    const c = await collect(silent);
    const to = await runCli(["req", "-s", server.url, silent, "x", "--timeout", "300ms"]);
    c.stop();
    expect(to.code).toBe(5);
    expect(to.stderr).toMatch(cliError(/timed out after 300ms waiting for a reply on "silent[^"]*" — .*\n$/));
  });

  it("--replies 0 collects from every responder until the timeout; --wait-for-empty stops at an empty reply", async () => {
    const s = uniq("svc.many");
    const subs = [1, 2, 3].map((i) => nc.subscribe(s, { callback: (_e, m) => { m.respond(`r${i}`); } }));
    await nc.flush();
    const r = await runCli(["req", "-s", server.url, s, "x", "--replies", "0", "--raw", "--timeout", "500ms"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").sort()).toEqual(["r1", "r2", "r3"]);
    for (const sub of subs) sub.unsubscribe();

    const e = uniq("svc.empty");
    const es = nc.subscribe(e, { callback: (_e, m) => { m.respond("part1"); m.respond("part2"); m.respond(""); m.respond("late"); } });
    await nc.flush();
    const w = await runCli(["req", "-s", server.url, e, "x", "--wait-for-empty", "--raw"]);
    es.unsubscribe();
    expect(w).toMatchObject({ code: 0, stdout: "part1\npart2\n\n" });
  });

  it("--translate pipes reply bodies through a command; many requests end with a summary", async () => {
    const r = await runCli(["req", "-s", server.url, svcSubject, "abc", "--translate", "tr a-z A-Z", "--raw"]);
    expect(r).toEqual({ code: 0, stdout: "ECHO:ABC\n", stderr: "" });
    const many = await runCli(["req", "-s", server.url, svcSubject, "m", "--count", "25"]);
    expect(many.code).toBe(0);
    expect(many.stdout).toBe("echo:m\n\n".repeat(25));
    expect(many.stderr.trim().split("\n")).toEqual([expect.stringMatching(/Sent 25 requests, received 25 replies$/)]);
  });

  it("sends one request per stdin line with --send-on newline", async () => {
    const r = await runCli(["req", "-s", server.url, svcSubject, "--send-on", "newline", "--raw"], { stdin: "one\ntwo\nthree\n" });
    expect(r).toEqual({ code: 0, stdout: "echo:one\necho:two\necho:three\n", stderr: "" });
  });
});

describe("reply", () => {
  it("--echo returns the request with its headers and NATS-Reply-Counter, exits 0 at --count", async () => {
    const s = uniq("rp.echo");
    const run = startCli(["reply", "-s", server.url, s, "--echo", "--count", "2"]);
    await run.waitFor(`Listening on "${s}" in group "NATS-RPLY-22"`, { stream: "err" });
    const h = headers();
    h.set("In", "1");
    const a = await nc.request(s, "first", { headers: h, timeout: 2000 });
    const b = await nc.request(s, "second");
    expect([a.string(), a.headers?.get("In"), a.headers?.get("NATS-Reply-Counter")]).toEqual(["first", "1", "0"]);
    expect([b.string(), b.headers?.get("NATS-Reply-Counter")]).toEqual(["second", "1"]);
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("\nfirst\n\nsecond\n");
    expect(r.stderr).toContain(`[#0] Received on subject "${s}":`);
    expect(r.stderr).toContain("In: 1");
  });

  it("templates the body with Request and the 0-based Count, plus -H headers", async () => {
    const s = uniq("rp.body");
    const run = startCli(["reply", "-s", server.url, s, "got {{.Request}} #{{Count}}", "-H", "N:{{Count}}", "--count", "2"]);
    await run.waitFor("Listening on", { stream: "err" });
    const a = await nc.request(s, "x");
    const b = await nc.request(s, "y");
    expect([a.string(), a.headers?.get("N"), b.string()]).toEqual(["got x #0", "0", "got y #1"]);
    expect((await run.result).code).toBe(0);
  });

  it("--command runs per request with subject tokens and NATS_REQUEST_* env", async () => {
    const s = uniq("rp.cmd");
    const run = startCli(["reply", "-s", server.url, `${s}.>`, "--command", `sh -c 'echo "{{2}}:$NATS_REQUEST_SUBJECT:$NATS_REQUEST_BODY"; exit 3'`, "--count", "1"]);
    await run.waitFor("Listening on", { stream: "err" });
    const a = await nc.request(`${s}.tok`, "body!");
    expect(a.string()).toBe(`tok:${s}.tok:body!\n`);
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("failed to run: exit status 3");
  });

  it("--sleep delays replies by a random time below the maximum", async () => {
    const s = uniq("rp.sleep");
    const run = startCli(["reply", "-s", server.url, s, "slow", "--sleep", "200ms", "--count", "3"]);
    await run.waitFor("Listening on", { stream: "err" });
    for (let i = 0; i < 3; i++) expect((await nc.request(s, "x", { timeout: 2000 })).string()).toBe("slow");
    expect((await run.result).code).toBe(0);
  });

  it("uses the -q queue group and exits 0 on Ctrl-C", async () => {
    const s = uniq("rp.q");
    const run = startCli(["reply", "-s", server.url, s, "ok", "-q", "grp"]);
    await run.waitFor(`Listening on "${s}" in group "grp"`, { stream: "err" });
    expect((await nc.request(s, "x")).string()).toBe("ok");
    run.abort();
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Draining\.\.\.\n.*Exiting after 1 reply\n$/);
  });
});

describe("bench", () => {
  it("bench pub and bench sub measure the same messages and report msgs/sec (and --csv)", async () => {
    const s = uniq("bench");
    const dir = scratchDir("natsx-bench-");
    const sub = startCli(["bench", "sub", "-s", server.url, s, "--msgs", "20000", "--size", "16", "--no-progress"]);
    await sub.waitFor("expecting 20,000 messages", { stream: "err" });
    await interest(s, 1);
    const pub = await runCli(["bench", "pub", "-s", server.url, s, "--msgs", "20000", "--size", "16", "--clients", "2", "--csv", path.join(dir, "p.csv")]);
    expect(pub.code).toBe(0);
    expect(pub.stderr).toContain("Starting Core NATS publisher benchmark [clients=2, msg-size=16 B, msgs=20,000, multi-subject=false, multi-subject-max=100,000, multi-subject-randomize=false, sleep=0s, subject=");
    expect(pub.stdout).toMatch(/ \[1\] [\d,]+ msgs\/sec ~ .*\/sec \(10,000 msgs\)/);
    expect(pub.stdout).toMatch(/NATS Core NATS publisher aggregated stats: [\d,]+ msgs\/sec/);
    const csv = readFileSync(path.join(dir, "p.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("#RunID,ClientID,MsgCount,MsgBytes,MsgsPerSec,BytesPerSec,DurationSecs");
    expect(csv.slice(1).map((l) => l.split(",").slice(1, 4))).toEqual([["P0", "10000", "160000"], ["P1", "10000", "160000"]]);
    const rs = await sub.result;
    expect(rs.code).toBe(0);
    expect(rs.stdout).toMatch(/^\nNATS Core NATS subscriber stats: [\d,]+ msgs\/sec ~ .*\/sec\nend-to-end latency min .*\n$/);
  });

  it("rejects zero messages", async () => {
    const r = await runCli(["bench", "pub", "-s", server.url, "x", "--msgs", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(cliError("number of messages should be greater than 0"));
  });
});
