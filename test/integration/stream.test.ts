import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { runCli, cliError, withoutControls } from "../helpers/run-cli.js";
import { serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { scratchDir } from "../helpers/scratch.js";

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
const S = () => ["-s", server.url];
const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, ...S()], opts);

async function publish(subject: string, n: number, body = (i: number) => `msg ${i}`): Promise<void> {
  const js = jetstream(nc);
  for (let i = 0; i < n; i++) await js.publish(subject, body(i));
}

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("stream add", () => {
  it("creates a stream with --defaults and prints the info screen", async () => {
    const r = await cli(["stream", "add", "ORDERS", "--subjects", "orders.>", "--defaults"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Stream ORDERS was created\n\nInformation for Stream ORDERS created \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n/);
    expect(r.stdout).toMatch(/\n\s+Subjects: orders\.>\n/);
    expect(r.stdout).toContain("Options:");
    expect(r.stdout).toContain("Limits:");
    expect(r.stdout).toMatch(/\n\s+Messages: 0\n/);
    const si = await jsm.streams.info("ORDERS");
    expect(si.config).toMatchObject({ subjects: ["orders.>"], storage: "file", retention: "limits", discard: "old", num_replicas: 1, allow_direct: true, max_msgs: -1 });
    expect(si.config.duplicate_window).toBe(120_000_000_000);
  });

  it("maps every create flag onto the config", async () => {
    const r = await cli(["str", "add", "FLAGS", "--subjects", "flags.a, flags.b", "--subjects", "flags.c", "--storage", "memory", "--retention", "workq", "--discard", "new",
      "--max-age", "1h", "--max-bytes", "10MB", "--max-msgs", "1000", "--max-msgs-per-subject", "10", "--max-msg-size", "1KB", "--max-consumers", "5",
      "--dupe-window", "30s", "--description", "all the flags", "--deny-delete", "--deny-purge", "--no-allow-direct", "--replicas", "1",
      "--republish-source", "flags.>", "--republish-destination", "rp.>", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const si = JSON.parse(r.stdout);
    expect(si.config).toMatchObject({
      name: "FLAGS", subjects: ["flags.a", "flags.b", "flags.c"], storage: "memory", retention: "workqueue", discard: "new",
      max_age: 3_600_000_000_000, max_bytes: 10 * 1024 * 1024, max_msgs: 1000, max_msgs_per_subject: 10, max_msg_size: 1024, max_consumers: 5,
      duplicate_window: 30_000_000_000, description: "all the flags", deny_delete: true, deny_purge: true, allow_rollup_hdrs: false, allow_direct: false,
      republish: { src: "flags.>", dest: "rp.>" },
    });
    expect((await jsm.streams.info("FLAGS")).config.max_msgs).toBe(1000);
  });

  it("without a TTY, missing settings are one usage error naming the flags, never a prompt", async () => {
    const r = await cli(["stream", "add", "PARTIAL", "--subjects", "p.>"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^missing stream settings --storage, --replicas, .*--defaults/));
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const r2 = await cli(["stream", "add", "--defaults", "--subjects", "x.>"]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("a stream name is required");
    await expect(jsm.streams.info("PARTIAL")).rejects.toThrow();
  });

  it("reads --config as a StreamConfig or a `stream info --json` document, and flags override it", async () => {
    const dir = scratchDir("natsx-cfg-");
    const info = await cli(["stream", "info", "ORDERS", "--json"]);
    writeFileSync(path.join(dir, "info.json"), info.stdout);
    const r = await cli(["stream", "add", "ORDERS2", "--config", path.join(dir, "info.json"), "--subjects", "orders2.>", "--description", "copy"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const si = await jsm.streams.info("ORDERS2");
    expect(si.config).toMatchObject({ name: "ORDERS2", subjects: ["orders2.>"], description: "copy", storage: "file" });
    writeFileSync(path.join(dir, "cfg.json"), JSON.stringify({ name: "PLAIN", subjects: ["plain.*"], storage: "memory", retention: "limits", max_msgs: 7, discard: "old", num_replicas: 1 }));
    const r2 = await cli(["stream", "add", "--config", path.join(dir, "cfg.json")]);
    expect(r2.code).toBe(0);
    expect((await jsm.streams.info("PLAIN")).config).toMatchObject({ storage: "memory", max_msgs: 7, subjects: ["plain.*"] });
  });

  it("--validate checks without creating and --output writes the config file", async () => {
    const ok = await cli(["stream", "add", "VAL", "--subjects", "val.>", "--defaults", "--validate"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("Configuration is a valid Stream");
    expect(JSON.parse(ok.stdout.slice(0, ok.stdout.lastIndexOf("}") + 1)).name).toBe("VAL");
    const bad = await cli(["stream", "add", "VAL", "--subjects", ">", "--defaults", "--validate"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("Validation Failed: a stream capturing '>' must disable acknowledgements");
    const dir = scratchDir("natsx-out-");
    const out = await cli(["stream", "add", "VAL", "--subjects", "val.>", "--defaults", "--output", path.join(dir, "val.json")]);
    expect(out.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "val.json"), "utf8"))).toMatchObject({ name: "VAL", subjects: ["val.>"] });
    await expect(jsm.streams.info("VAL")).rejects.toThrow(/stream not found/);
  });

  it("a name in use and overlapping subjects are conflicts (exit 8) with the server's error code", async () => {
    const dup = await cli(["stream", "add", "ORDERS", "--subjects", "orders.>", "--defaults", "--max-msgs", "5"]);
    expect(dup.code).toBe(8);
    expect(dup.stderr).toMatch(cliError(/^stream name already in use with a different configuration \(error 10058\)/));
    const overlap = await cli(["stream", "add", "OVERLAP", "--subjects", "orders.new", "--defaults"]);
    expect(overlap.code).toBe(8);
    expect(overlap.stderr).toMatch(/subjects overlap with an existing stream \(error 10065\)/);
    expect(overlap.stderr.trim().split("\n")).toHaveLength(1);
  });

  // only an older server refuses: 2.11+ supports per-message TTLs
  it.skipIf(serverAtLeast("2.11.0"))("rejects server features older servers would silently drop, naming the version", async () => {
    const r = await cli(["stream", "add", "TTL", "--subjects", "ttl.>", "--defaults", "--allow-msg-ttl"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--allow-msg-ttl requires NATS Server 2.11.0 or newer, the server is ");
    await expect(jsm.streams.info("TTL")).rejects.toThrow();
  });
});

describe("features newer than the server", () => {
  // on 2.9 these 2.10 features would be dropped or rejected obscurely; 2.10+ servers accept them
  it.skipIf(serverAtLeast("2.10.0"))("compression, first sequence, metadata and transforms name the version they need", async () => {
    for (const [flag, args] of [["stream compression", ["--compression", "s2"]], ["--first-sequence", ["--first-sequence", "100"]], ["stream metadata", ["--metadata", "a:b"]], ["subject transforms", ["--transform-source", "n.>", "--transform-destination", "m.>"]]] as const) {
      const r = await cli(["stream", "add", "NEWER", "--subjects", "n.>", "--defaults", ...args]);
      expect(r.code, flag).toBe(1);
      expect(r.stderr, flag).toMatch(cliError(new RegExp(`^${flag} requires NATS Server 2\\.10\\.0 or newer`)));
    }
    await expect(jsm.streams.info("NEWER")).rejects.toThrow();
  });
});

describe("stream reading", () => {
  beforeAll(async () => {
    await publish("orders.new", 3);
    await publish("orders.old", 2);
    const h = headers();
    h.set("Trace", "abc");
    await jetstream(nc).publish("orders.hdr", "with header", { headers: h });
  });

  it("info --json prints the server's StreamInfo; info shows the state section", async () => {
    const r = await cli(["stream", "info", "ORDERS", "--json"]);
    expect(r.code).toBe(0);
    const si = JSON.parse(r.stdout);
    expect(si.config.name).toBe("ORDERS");
    expect(si.state).toMatchObject({ messages: 6, first_seq: 1, last_seq: 6 });
    const t = await cli(["stream", "info", "ORDERS"]);
    expect(t.stdout).toMatch(/\n\s+Messages: 6\n/);
    expect(t.stdout).toMatch(/\n\s+Last Sequence: 6 @ \d{4}-/);
    expect(t.stdout).toMatch(/\n\s+Number of Subjects: 3\n/);
    const st = await cli(["stream", "state", "ORDERS"]);
    expect(st.stdout).toMatch(/^State for Stream ORDERS created /);
    expect(st.stdout).not.toContain("Limits:");
  });

  it("a missing stream is exit 7; a missing name without a TTY is a usage error, not a hang", async () => {
    const r = await cli(["stream", "info", "NOPE"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe(cliError('stream "NOPE" not found — `nats stream ls` lists them\n'));
    const n = await cli(["stream", "info"]);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain("no stream name supplied and there is no terminal to pick one");
  });

  it("ls shows a table sorted by size, names, JSON names, a subject filter and hides KV_ streams unless -a", async () => {
    await jsm.streams.add({ name: "KV_bucket", subjects: ["$KV.bucket.>"] });
    const t = await cli(["stream", "ls"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Streams\n/);
    expect(t.stdout).toMatch(/│ Name\s+│ Description\s+│ Created\s+│ Messages │ Size\s+│ Last Message │/);
    expect(t.stdout).not.toContain("KV_bucket");
    const rows = t.stdout.split("\n").filter((l) => /^│ [A-Z]/.test(l) && !l.startsWith("│ Name")).map((l) => l.split("│")[1]!.trim());
    expect(rows[rows.length - 1]).toBe("ORDERS"); // biggest last
    const j = await cli(["stream", "ls", "--json"]);
    expect(JSON.parse(j.stdout)).toEqual(["FLAGS", "ORDERS", "ORDERS2", "PLAIN"]);
    const a = await cli(["stream", "ls", "-a", "--names"]);
    expect(a.stdout.split("\n")).toContain("KV_bucket");
    const f = await cli(["stream", "ls", "--subject", "orders.new", "--names"]);
    expect(f.stdout).toBe("ORDERS\n");
    await jsm.streams.delete("KV_bucket");
  });

  it("get by sequence and --last-for, as text and JSON", async () => {
    const r = await cli(["stream", "get", "ORDERS", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Item: ORDERS#2 received \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(.+\) on Subject orders\.new\n\nmsg 1\n\n$/);
    const h = await cli(["stream", "get", "ORDERS", "--last-for", "orders.hdr"]);
    expect(h.stdout).toContain("Headers:\n  Trace: abc\n\nwith header\n");
    const j = await cli(["stream", "get", "ORDERS", "5", "--json"]);
    const m = JSON.parse(j.stdout);
    expect(m).toMatchObject({ subject: "orders.old", seq: 5 });
    expect(Buffer.from(m.data, "base64").toString()).toBe("msg 1");
    const miss = await cli(["stream", "get", "ORDERS", "99"]);
    expect(miss.code).toBe(7);
    expect(miss.stderr).toBe(cliError('message 99 not found in stream "ORDERS" — `nats stream info ORDERS` shows its first and last sequence and subjects\n'));
  });

  it("subjects lists counts per subject, as a table and JSON", async () => {
    const j = await cli(["stream", "subjects", "ORDERS", "--json"]);
    expect(JSON.parse(j.stdout)).toEqual({ "orders.new": 3, "orders.old": 2, "orders.hdr": 1 });
    const t = await cli(["stream", "subjects", "ORDERS", "orders.new"]);
    expect(t.stdout).toMatch(/1 Subjects in stream ORDERS/);
    expect(t.stdout).toMatch(/│ orders\.new │ 3\s+│/);
    const none = await cli(["stream", "subjects", "ORDERS", "nothing.here"]);
    expect(none.stdout).toBe("No subjects found matching nothing.here\n");
  });

  it("mirrors and sources: created with --mirror/--source, shown in the Replication and Mirror/Source sections", async () => {
    const m = await cli(["stream", "add", "MIRROR", "--mirror", "ORDERS", "--defaults"]);
    expect(m.stderr).toBe("");
    expect(m.code).toBe(0);
    const s2 = await cli(["stream", "add", "SOURCED", "--source", '{"name":"ORDERS","filter_subject":"orders.old"}', "--defaults"]);
    expect(s2.code).toBe(0);
    const deadline = Date.now() + 5000;
    let mi = "";
    while (Date.now() < deadline) {
      mi = (await cli(["stream", "info", "MIRROR"])).stdout;
      if (/\n\s+Messages: 6\n/.test(mi)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(mi).toContain("Replication:");
    expect(mi).toMatch(/\n\s+Mirror: ORDERS\n/);
    expect(mi).toContain("Mirror Information:");
    expect(mi).toMatch(/\n\s+Stream Name: ORDERS\n/);
    expect(mi).toMatch(/\n\s+Lag: \d+\n/);
    const si = (await cli(["stream", "info", "SOURCED"])).stdout;
    expect(si).toMatch(/\n\s+Sources: ORDERS, Subject: orders\.old\n/);
    expect(si).toContain("Source Information:");
    const edit = await cli(["stream", "edit", "SOURCED", "--source", "X", "-f"]);
    expect(edit.code).toBe(2);
    expect(edit.stderr).toContain("cannot edit mirrors, or sources using the CLI, use --config instead");
    await jsm.streams.delete("MIRROR");
    await jsm.streams.delete("SOURCED");
  });

  it("view without a terminal prints every message, no pages, and ends instead of hanging", async () => {
    const r = await cli(["stream", "view", "ORDERS", "2", "--raw"]);
    expect(r.code).toBe(0);
    const info = await jsm.streams.info("ORDERS");
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(info.state.messages);
    expect(r.stdout).not.toContain("Next Page");
    expect(r.stderr).toMatch(/Reached apparent end of data\n$/);
  });
});

describe("stream changes", () => {
  it("edit shows a diff, --dry-run exits 1 without changing, -f applies", async () => {
    const d = await cli(["stream", "edit", "ORDERS", "--description", "Orders", "--max-msgs", "100", "--dry-run"]);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain("Differences (-old +new):");
    // natscli shows the old and the new line of every change, an empty old value too
    expect(d.stdout).toContain('-   description: "",\n+   description: "Orders",');
    expect(d.stdout).toContain("-   max_msgs: -1,");
    expect(d.stdout).toContain("+   max_msgs: 100,");
    expect((await jsm.streams.info("ORDERS")).config.max_msgs).toBe(-1);
    const noTty = await cli(["stream", "edit", "ORDERS", "--description", "Orders"]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain("pass -f/--force");
    const f = await cli(["stream", "edit", "ORDERS", "--description", "Orders", "--max-msgs", "100", "-f"]);
    expect(f.code).toBe(0);
    expect(f.stdout).toContain("Stream ORDERS was updated");
    expect((await jsm.streams.info("ORDERS")).config).toMatchObject({ description: "Orders", max_msgs: 100 });
    const same = await cli(["stream", "edit", "ORDERS", "--description", "Orders", "-f"]);
    expect(same.stdout).toBe("No difference in configuration\n");
  });

  it("copy creates a stream from another's config", async () => {
    const r = await cli(["stream", "copy", "ORDERS", "ORDERS_COPY", "--subjects", "copy.>"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Stream ORDERS_COPY was created/);
    const si = await jsm.streams.info("ORDERS_COPY");
    expect(si.config).toMatchObject({ subjects: ["copy.>"], description: "Orders", max_msgs: 100 });
    expect(si.state.messages).toBe(0);
  });

  it("edit --config removes what the file leaves out (the client merges updates onto the current config)", async () => {
    expect((await cli(["stream", "add", "EDITRM", "--subjects", "editrm.>", "--description", "to be removed", "--defaults"])).code).toBe(0);
    const { description: _d, ...cfg } = (await jsm.streams.info("EDITRM")).config;
    const file = path.join(scratchDir("natsx-cfg-"), "editrm.json");
    writeFileSync(file, JSON.stringify(cfg));
    const r = await cli(["stream", "edit", "EDITRM", "--config", file, "-f"]);
    expect(r.stdout).toContain('-   description: "to be removed",');
    expect(r.stdout).toContain("Stream EDITRM was updated");
    expect(r.code).toBe(0);
    expect((await jsm.streams.info("EDITRM")).config.description).toBeUndefined();
  });

  it("rmm erases one message; purge --subject / --keep / --seq; all need -f without a TTY", async () => {
    await publish("copy.a", 5);
    await publish("copy.b", 5);
    const p1 = await cli(["stream", "purge", "ORDERS_COPY", "-f", "--subject", "copy.a"]);
    expect(p1.code).toBe(0);
    expect(p1.stdout).toMatch(/^Purged 5 messages from ORDERS_COPY\n\nState for Stream ORDERS_COPY/);
    const p2 = await cli(["stream", "purge", "ORDERS_COPY", "-f", "--keep", "2"]);
    expect(p2.stdout).toMatch(/^Purged 3 messages/);
    expect((await jsm.streams.info("ORDERS_COPY")).state).toMatchObject({ messages: 2, first_seq: 9 });
    expect((await cli(["stream", "rmm", "ORDERS_COPY", "10"])).code).toBe(2);
    expect((await cli(["stream", "rmm", "ORDERS_COPY", "10", "-f"])).code).toBe(0);
    expect(await jsm.streams.getMessage("ORDERS_COPY", { seq: 10 })).toBeNull();
    const both = await cli(["stream", "purge", "ORDERS_COPY", "-f", "--keep", "1", "--seq", "3"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("sequence and keep cannot be combined when purging");
    const p3 = await cli(["stream", "purge", "ORDERS_COPY", "--json", "-f", "--seq", "9"]);
    expect(JSON.parse(p3.stdout).state.messages).toBe(1);
    const noTty = await cli(["stream", "purge", "ORDERS_COPY"]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain("cannot ask for confirmation without a terminal");
  });

  it("seal makes a stream read-only", async () => {
    const r = await cli(["stream", "seal", "ORDERS_COPY", "-f"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n\s+Sealed: true\n/);
    expect((await jsm.streams.info("ORDERS_COPY")).config.sealed).toBe(true);
  });

  it("report lists every stream with consumers, messages and bytes", async () => {
    await jsm.consumers.add("ORDERS", { durable_name: "c1", ack_policy: "explicit" as never });
    const r = await cli(["stream", "report"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Obtaining Stream stats/);
    expect(r.stdout).toContain("Stream Report");
    expect(r.stdout).toMatch(/│ ORDERS\s+│ File\s+│\s+│ 1\s+│ 6\s+│/);
    const j = JSON.parse((await cli(["stream", "report", "--json"])).stdout);
    expect(j.find((x: { stream: string }) => x.stream === "ORDERS")).toMatchObject({ consumers: 1, messages: 6, replicas: [] });
  });

  it("rm needs -f without a TTY, deletes with -f, and says not found after", async () => {
    const r = await cli(["stream", "rm", "ORDERS2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot ask for confirmation without a terminal");
    expect((await jsm.streams.info("ORDERS2")).config.name).toBe("ORDERS2");
    const noName = await cli(["stream", "rm", "-f"]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain("--force requires a stream name");
    const ok = await cli(["stream", "rm", "ORDERS2", "-f"]);
    expect(ok).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const again = await cli(["stream", "rm", "ORDERS2", "-f"]);
    expect(again.code).toBe(7);
  });

  it("a TTY confirmation reads the answer from stdin", async () => {
    const no = await cli(["stream", "rm", "PLAIN"], { tty: { in: true, out: true }, stdin: "n\n" });
    expect(no.code).toBe(0);
    expect((await jsm.streams.info("PLAIN")).config.name).toBe("PLAIN");
    const yes = await cli(["stream", "rm", "PLAIN"], { tty: { in: true, out: true }, stdin: "y\n" });
    expect(yes.code).toBe(0);
    await expect(jsm.streams.info("PLAIN")).rejects.toThrow();
  });
});

describe("command groups", () => {
  it("a bare group or an unknown sub-command is a usage error listing the sub-commands", async () => {
    const bare = await runCli(["stream"]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(cliError(/a subcommand from the list above is required: add, ls, info, state, edit, rm, purge, get, rmm, subjects, copy, seal, backup, restore, report, view, find, gaps, cluster, graph, export, import\n$/));
    const unknown = await runCli(["c", "bogus"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(cliError("unknown consumer command 'bogus' — `nats consumer --help` lists the commands\n"));
    const help = await runCli(["str", "add", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--max-msgs-per-subject <n>");
  });
});

describe("on a terminal", () => {
  const tty = { in: true, out: true };
  it("a missing stream name is picked from a select (2 picks the second)", async () => {
    const names = (await cli(["stream", "ls", "--names"])).stdout.trim().split("\n");
    const r = await cli(["stream", "info", "--json"], { tty, stdin: "2\n" });
    expect(r.code).toBe(0);
    expect(withoutControls(r.stdout)).toContain(`✔ Select a stream ${names[1]}`);
    expect(r.stdout.slice(r.stdout.indexOf("{"))).toContain(`"name": "${names[1]}"`);
  });

  it("--no-select never shows the picker", async () => {
    const r = await cli(["stream", "info", "--no-select"], { tty });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("a stream name is required with --no-select");
  });

  it("view pages through messages and stops when told", async () => {
    // one answer per run here (a prompt reads what is typed while it is asked): paging on is in prompts.test.ts
    const r = await cli(["stream", "view", "ORDERS", "2"], { tty, stdin: "n\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[1\] Subject: orders\.new Received: \d{4}-/);
    expect(r.stdout).toContain("\nmsg 0\n");
    expect(r.stdout).toMatch(/\[2\] Subject: orders\./);
    expect(r.stdout).not.toContain("[3]");
    expect(withoutControls(r.stdout)).toContain("✔ Next Page? No");
    const all = await cli(["stream", "view", "ORDERS", "25", "--raw"], { tty, stdin: "" });
    expect(all.stdout).toContain("Reached apparent end of data");
  });
});

describe("JetStream not enabled", () => {
  it("for one account: one line with the server's error code", async () => {
    const srv = await startNatsServer({ jetstream: true, config: "jetstream { max_memory_store: 1MB }\naccounts { A: { jetstream: enabled, users: [{user: a, password: a}] }, B: { users: [{user: b, password: b}] } }" });
    try {
      const r = await runCli(["stream", "add", "X", "--subjects", "x", "--defaults", "-s", srv.url, "--user", "b", "--password", "b"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(cliError("JetStream is not enabled for this account (error 10039) — ask the operator to enable JetStream for this account\n"));
      const res = await runCli(["stream", "add", "BIG", "--subjects", "x", "--defaults", "--storage", "memory", "--max-bytes", "64MB", "-s", srv.url, "--user", "a", "--password", "a"]);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(cliError(/^insufficient (memory )?resources.*\(error 100\d\d\)/));
      expect(res.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      await srv.stop();
    }
  });

  it("on the server: says so in one line", async () => {
    const plain = await startNatsServer();
    try {
      const r = await runCli(["stream", "ls", "-s", plain.url]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(cliError(/^JetStream is not enabled/));
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      await plain.stop();
    }
  });
});
