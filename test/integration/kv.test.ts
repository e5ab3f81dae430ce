import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { runCli, spawnCli, startCli, cliError } from "../helpers/run-cli.js";
import { serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
let env: Record<string, string>;
let n = 0;
/** A unique bucket name per test. */
const bucket = (p = "B") => `${p}${++n}`;
const kv = (...args: string[]) => runCli(["kv", ...args], { env });
const LOG = /^\d\d:\d\d:\d\d /;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  env = { NATS_URL: server.url };
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

/** Creates a bucket through the CLI and fails the test if that does not work. */
async function addBucket(name: string, ...flags: string[]): Promise<void> {
  const r = await kv("add", name, ...flags);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

describe("kv add / edit / info", () => {
  it("creates a standard KV stream with the given limits and prints the status screen", async () => {
    const b = bucket();
    const r = await kv("add", b, "--history", "5", "--ttl", "1h", "--description", "cfg store", "--max-value-size", "1KB", "--max-bucket-size", "1MB", "--storage", "memory");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`Information for Key-Value Store Bucket ${b} created`);
    expect(r.stdout).toMatch(/ History Kept: 5\n/);
    expect(r.stdout).toMatch(/ Maximum Age: 1h0m0s\n/);
    expect(r.stdout).toMatch(/ JetStream Stream: KV_\w+\n/);
    const si = await jsm.streams.info(`KV_${b}`);
    expect(si.config).toMatchObject({
      subjects: [`$KV.${b}.>`], max_msgs_per_subject: 5, max_age: 3600 * 1e9, description: "cfg store",
      max_msg_size: 1024, max_bytes: 1024 * 1024, storage: "memory", allow_rollup_hdrs: true, deny_delete: true, allow_direct: true, discard: "new",
    });
  });

  it("is idempotent for the same config, a conflict (exit 8) for a different one", async () => {
    const b = bucket();
    await addBucket(b, "--history", "3");
    expect((await kv("add", b, "--history", "3")).code).toBe(0);
    const r = await kv("add", b, "--history", "4");
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(cliError(new RegExp(`^Key-Value bucket "${b}" already exists with a different configuration`)));
  });

  it("accepts the alias new and republish settings", async () => {
    const b = bucket();
    const r = await kv("new", b, "--republish-destination", "repub.>", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.bucket).toBe(b);
    expect(j.stream_info.config.republish).toMatchObject({ src: `$KV.${b}.>`, dest: "repub.>" });
  });

  it("rejects bad names and values, naming the problem, without connecting", async () => {
    let r = await runCli(["kv", "add", "my.bucket"], { env: { NATS_URL: "nats://127.0.0.1:1" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError('invalid bucket name "my.bucket": "." is not allowed — bucket names may contain only letters, digits, - and _\n'));
    r = await kv("add", "my bucket");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("a space is not allowed");
    r = await kv("add", bucket(), "--history", "65");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`invalid --history "65": expected a whole number from 1 to 64`);
    r = await kv("add", bucket(), "--ttl", "10");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid --ttl "10"');
  });

  it.skipIf(serverAtLeast("2.10.0"))("refuses --compress on a 2.9 server with a clear message instead of silently dropping it", async () => {
    const b = bucket();
    const r = await kv("add", b, "--compress");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--compress requires NATS Server 2\.10\.0 or newer, the server is 2\.9\.\d+/);
    await expect(jsm.streams.info(`KV_${b}`)).rejects.toThrow(/stream not found/);
  });

  it.skipIf(!serverAtLeast("2.10.0"))("compresses buckets on 2.10+ servers", async () => {
    const b = bucket();
    await addBucket(b, "--compress");
    expect((await jsm.streams.info(`KV_${b}`)).config.compression).toBe("s2");
  });

  it("mirrors a bucket: reads come from the mirror, writes go to the origin", async () => {
    const origin = bucket("ORIG");
    const mirror = bucket("MIR");
    await addBucket(origin, "--history", "3");
    await kv("put", origin, "a", "from origin");
    const r = await kv("add", mirror, "--mirror", origin);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Origin Bucket: ${origin}\n`));
    expect((await jsm.streams.info(`KV_${mirror}`)).config).toMatchObject({ mirror: { name: `KV_${origin}` }, mirror_direct: true });
    let got = await kv("get", mirror, "a", "--raw");
    for (let i = 0; i < 100 && got.code !== 0; i++) {
      await new Promise((res) => setTimeout(res, 20));
      got = await kv("get", mirror, "a", "--raw");
    }
    expect(got).toEqual({ code: 0, stdout: "from origin", stderr: "" });
    expect((await kv("put", mirror, "b", "via mirror")).code).toBe(0);
    expect((await kv("get", origin, "b", "--raw")).stdout).toBe("via mirror");
    const missing = await kv("add", bucket(), "--mirror", "NoOrigin");
    expect(missing.code).toBe(7);
    expect(missing.stderr).toContain('Key-Value bucket "NoOrigin" not found');
  });

  it.skipIf(serverAtLeast("2.10.0"))("refuses --source and --marker-ttl on a 2.9 server, naming the version needed", async () => {
    const src = bucket();
    await addBucket(src);
    let r = await kv("add", bucket(), "--source", src);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--source requires NATS Server 2.10.0 or newer");
    r = await kv("add", bucket(), "--marker-ttl", "1m");
    expect(r.stderr).toContain("--marker-ttl (per-key TTLs) requires NATS Server 2.11.0 or newer");
  });

  it("edit changes only the given settings", async () => {
    const b = bucket();
    await addBucket(b, "--history", "2", "--description", "before", "--max-value-size", "512");
    const r = await kv("edit", b, "--history", "10", "--description", "after");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ History Kept: 10\n/);
    const c = (await jsm.streams.info(`KV_${b}`)).config;
    expect(c).toMatchObject({ max_msgs_per_subject: 10, description: "after", max_msg_size: 512 });
    const none = await kv("edit", b);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("nothing to change");
  });

  it("info/status show the screen or JSON; a missing bucket is exit 7 naming it", async () => {
    const b = bucket();
    await addBucket(b, "--history", "4");
    await kv("put", b, "k", "v");
    const r = await kv("status", b, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ bucket: b, values: 1, history: 4, storage: "file", replicas: 1, backing_store: "JetStream" });
    expect(j.stream_info.config.name).toBe(`KV_${b}`);
    const t = await kv("info", b);
    expect(t.stdout).toMatch(/ Values Stored: 1\n/);
    const missing = await kv("info", "NoSuchBucket");
    expect(missing.code).toBe(7);
    expect(missing.stderr).toBe(cliError('Key-Value bucket "NoSuchBucket" not found — `nats kv ls` lists them\n'));
  });
});

describe("kv put / get / create / update", () => {
  it("put prints what was stored and its revision; get shows it", async () => {
    const b = bucket();
    await addBucket(b);
    const r = await kv("put", b, "greeting", "hello world");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("hello world\n");
    expect(r.stderr).toMatch(new RegExp(`${LOG.source}Stored 11 bytes in ${b} > greeting at revision 1\\n$`));
    const g = await kv("get", b, "greeting");
    expect(g.code).toBe(0);
    expect(g.stdout).toMatch(new RegExp(`^${b} > greeting revision: 1 created @ \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\n\\nhello world\\n\\n$`));
  });

  it("--trace shows the API traffic with URL user-info in it masked, as every log line", async () => {
    const b = bucket();
    await addBucket(b);
    const r = await kv("put", "--trace", b, "upstream", "nats://svc:hunter22@db.example:4222");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/>>> \$KV\.B\d+\.upstream\nnats:\/\/xxxxx@db\.example:4222\n/);
    expect(r.stderr).toMatch(/<<< \$KV\.B\d+\.upstream: \{"stream":"KV_B\d+"/);
    expect(r.stderr).not.toContain("hunter22");
    // the value itself was stored as given
    expect(r.stdout).toBe("nats://svc:hunter22@db.example:4222\n");
  });

  it("put reads stdin only when no VALUE is given, and prints the stored bytes, not the argument", async () => {
    const b = bucket();
    await addBucket(b);
    const r = await runCli(["kv", "put", b, "k"], { env, stdin: "from stdin\nline 2\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("from stdin\nline 2\n\n");
    expect(r.stderr).toContain("Stored 18 bytes");
    const raw = await kv("get", b, "k", "--raw");
    expect(raw.stdout).toBe("from stdin\nline 2\n");
  });

  it('put with "" stores an empty value and does not wait for a stdin that never closes', async () => {
    const b = bucket();
    await addBucket(b);
    const run = startCli(["kv", "put", b, "k", ""], { env, keepStdinOpen: true });
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("\n");
    expect(r.stderr).toContain(`Stored 0 bytes in ${b} > k at revision 1`);
    const e = await (await new Kvm(nc).open(b)).get("k");
    expect(e?.length).toBe(0);
    expect(e?.operation).toBe("PUT");
  });

  it("put --json reports bucket, key, revision and length", async () => {
    const b = bucket();
    await addBucket(b);
    await kv("put", b, "a", "1");
    const r = await kv("put", b, "a", "22", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ bucket: b, key: "a", revision: 2, length: 2 });
    expect(r.stderr).toBe("");
  });

  it("get --raw, --json and --revision; binary values show as base64", async () => {
    const b = bucket();
    await addBucket(b, "--history", "5");
    await kv("put", b, "k", "first");
    await kv("put", b, "k", "second");
    const old = await kv("get", b, "k", "--revision", "1", "--raw");
    expect(old).toEqual({ code: 0, stdout: "first", stderr: "" });
    const j = JSON.parse((await kv("get", b, "k", "--json")).stdout);
    expect(j).toMatchObject({ bucket: b, key: "k", revision: 2, operation: "PUT", length: 6, value: "second", value_base64: Buffer.from("second").toString("base64") });
    const store = await new Kvm(nc).open(b);
    await store.put("bin", new Uint8Array([0, 1, 2, 255]));
    const bin = await kv("get", b, "bin");
    expect(bin.stdout).toContain("\n\nAAEC/w==\n\n");
    expect(JSON.parse((await kv("get", b, "bin", "--json")).stdout).value).toBeUndefined();
  });

  it("get of a missing or deleted key is exit 7 with a message naming it", async () => {
    const b = bucket();
    await addBucket(b);
    let r = await kv("get", b, "nope");
    expect(r.code).toBe(7);
    expect(r.stderr).toBe(cliError(`key "nope" not found in bucket "${b}" — \`nats kv ls ${b}\` lists them\n`));
    await kv("put", b, "gone", "x");
    await kv("del", b, "gone", "-f");
    r = await kv("get", b, "gone");
    expect(r.code).toBe(7);
    expect(r.stderr).toBe(cliError(`key "gone" in bucket "${b}" was deleted at revision 2\n`));
  });

  it("put to a missing bucket says the bucket is missing (not 'JetStream not enabled')", async () => {
    const r = await kv("put", "Missing1", "k", "v");
    expect(r.code).toBe(7);
    expect(r.stderr).toContain('Key-Value bucket "Missing1" not found');
  });

  it("kv and object verbs go straight to the bucket (no $JS.API.INFO probe), and still say when JetStream is off", async () => {
    const b = bucket();
    await addBucket(b);
    const get = await kv("get", "--trace", b, "nothing");
    expect(get.code).toBe(7);
    expect(get.stderr).not.toContain("$JS.API.INFO");
    expect(get.stderr).toContain(`>>> $JS.API.STREAM.INFO.KV_${b}`);
    const obj = await runCli(["object", "ls", "--trace", "NoSuchObj"], { env });
    expect(obj.code).toBe(7);
    expect(obj.stderr).not.toContain("$JS.API.INFO");
    const plain = await startNatsServer();
    const acct = await startNatsServer({ jetstream: true, config: "accounts { A: { jetstream: enabled, users: [{user: a, password: a}] }, B: { users: [{user: b, password: b}] } }" });
    try {
      for (const args of [["kv", "get", b, "k"], ["kv", "ls"], ["object", "ls", "x"], ["object", "add", "x"]]) {
        const off = await runCli([...args, "-s", plain.url]);
        expect(off.code).toBe(1);
        expect(off.stderr).toMatch(cliError(/^JetStream is not enabled for this account \(jetstream is not enabled\) — start the server with JetStream/));
        const noAcct = await runCli([...args, "-s", acct.url, "--user", "b", "--password", "b"]);
        expect(noAcct.code).toBe(1);
        expect(noAcct.stderr).toBe(cliError("JetStream is not enabled for this account (error 10039) — ask the operator to enable JetStream for this account\n"));
      }
    } finally {
      await plain.stop();
      await acct.stop();
    }
  });

  it("rejects invalid keys naming the character", async () => {
    const b = bucket();
    await addBucket(b);
    let r = await kv("put", b, "a b", "x");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError('invalid key "a b": a space is not allowed — keys may contain only letters, digits and - / _ = .\n'));
    r = await kv("put", b, "a.*", "x");
    expect(r.stderr).toContain('"*" is not allowed (wildcards only work in filters)');
    r = await kv("get", b, ".lead");
    expect(r.stderr).toContain("may not start or end with");
  });

  it("create fails with exit 8 when the key exists, succeeds over a deleted key", async () => {
    const b = bucket();
    await addBucket(b);
    let r = await kv("create", b, "k", "one");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("at revision 1");
    r = await kv("create", b, "k", "two");
    expect(r.code).toBe(8);
    expect(r.stderr).toBe(cliError(`key "k" already exists in bucket "${b}" at revision 1 — use \`nats kv put\` to overwrite, or \`nats kv update\` with its revision\n`));
    expect((await kv("get", b, "k", "--raw")).stdout).toBe("one");
    await kv("del", b, "k", "-f");
    r = await kv("create", b, "k", "three");
    expect(r.code).toBe(0);
    expect((await kv("get", b, "k", "--raw")).stdout).toBe("three");
  });

  it("update is a compare-and-set: a stale revision is exit 8 and names the latest", async () => {
    const b = bucket();
    await addBucket(b);
    await kv("put", b, "k", "v1");
    let r = await kv("update", b, "k", "v2", "1");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("at revision 2");
    r = await kv("update", b, "k", "v3", "--revision", "1");
    expect(r.code).toBe(8);
    expect(r.stderr).toBe(cliError(`revision 1 is not the latest revision of "${b} > k" (latest is 2) — someone else changed the key: read it again and retry with the current revision\n`));
    expect((await kv("get", b, "k", "--raw")).stdout).toBe("v2");
    r = await runCli(["kv", "update", b, "k", "--revision", "2"], { env, stdin: "v3 from stdin" });
    expect(r.code).toBe(0);
    expect((await kv("get", b, "k", "--raw")).stdout).toBe("v3 from stdin");
    r = await kv("update", b, "k", "v4");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("a revision is required");
  });

  it("two concurrent update processes at the same revision: exactly one wins", async () => {
    const b = bucket();
    await addBucket(b, "--history", "5");
    await kv("put", b, "counter", "0");
    const [x, y] = await Promise.all([
      spawnCli(["kv", "update", b, "counter", "from-x", "1"], { env }),
      spawnCli(["kv", "update", b, "counter", "from-y", "1"], { env }),
    ]);
    const codes = [x.code, y.code].sort();
    expect(codes).toEqual([0, 8]);
    const winner = x.code === 0 ? "from-x" : "from-y";
    const loser = x.code === 0 ? y : x;
    expect(loser.stderr).toMatch(/revision 1 is not the latest revision of .* \(latest is 2\)/);
    expect((await kv("get", b, "counter", "--raw")).stdout).toBe(winner);
    const hist = JSON.parse((await kv("history", b, "counter", "--json")).stdout);
    expect(hist.map((e: { value: string }) => e.value)).toEqual(["0", winner]);
  });
});

describe("kv del / purge / history / revert / compact / rm", () => {
  it("del refuses without -f when not in a terminal, deletes with -f", async () => {
    const b = bucket();
    await addBucket(b, "--history", "5");
    await kv("put", b, "k", "v");
    let r = await kv("del", b, "k");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError(`refusing to delete key ${b} > k without confirmation: not running in a terminal — pass -f/--force to confirm\n`));
    expect((await kv("get", b, "k", "--raw")).stdout).toBe("v");
    r = await kv("del", b, "k", "-f");
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const hist = JSON.parse((await kv("history", b, "k", "--json")).stdout);
    expect(hist.map((e: { operation: string }) => e.operation)).toEqual(["PUT", "DEL"]);
  });

  it("asks before deleting when stdin and stdout are terminals", async () => {
    const b = bucket();
    await addBucket(b);
    await kv("put", b, "k", "v");
    const no = await runCli(["kv", "del", b, "k"], { env, stdin: "n\n", tty: { in: true, out: true } });
    expect(no.code).toBe(0);
    expect(no.stdout).toContain(`Delete key ${b} > k? (y/N)`);
    expect(no.stderr).toContain("Skipping delete");
    expect((await kv("get", b, "k", "--raw")).stdout).toBe("v");
    const yes = await runCli(["kv", "del", b, "k"], { env, stdin: "y\n", tty: { in: true, out: true } });
    expect(yes.code).toBe(0);
    expect((await kv("get", b, "k")).code).toBe(7);
  });

  it("purge removes the history and leaves a purge marker", async () => {
    const b = bucket();
    await addBucket(b, "--history", "5");
    for (const v of ["a", "b", "c"]) await kv("put", b, "k", v);
    const r = await kv("purge", b, "k", "-f");
    expect(r.code).toBe(0);
    const hist = JSON.parse((await kv("history", b, "k", "--json")).stdout);
    expect(hist).toHaveLength(1);
    expect(hist[0]).toMatchObject({ operation: "PURGE", revision: 4 });
    expect((await jsm.streams.info(`KV_${b}`)).state.messages).toBe(1);
  });

  it("history prints natscli's table, shortening long values", async () => {
    const b = bucket();
    await addBucket(b, "--history", "5");
    await kv("put", b, "k", "short");
    await kv("put", b, "k", "x".repeat(20) + "y".repeat(30));
    await kv("del", b, "k", "-f");
    const r = await kv("history", b, "k");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toContain(`History for ${b} > k`);
    expect(r.stdout).toMatch(/│ k\s+│ 1\s+│ PUT\s+│ [\d-]+ [\d:]+ │ 5\s+│ short\s+│/);
    expect(r.stdout).toContain(`${"x".repeat(15)}...${"y".repeat(15)}`);
    expect(r.stdout).toMatch(/│ k\s+│ 3\s+│ DELETE\s+│/);
    const missing = await kv("history", b, "never");
    expect(missing.code).toBe(7);
  });

  it("revert writes an old value as the newest revision", async () => {
    const b = bucket();
    await addBucket(b, "--history", "5");
    await kv("put", b, "k", "good");
    await kv("put", b, "k", "bad");
    let r = await kv("revert", b, "k", "1");
    expect(r.code).toBe(2);
    r = await kv("revert", b, "k", "1", "-f");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Reverted ${b} > k to the value of revision 1 (new revision 3)`);
    expect(r.stdout).toContain(`History for ${b} > k`);
    expect((await kv("get", b, "k", "--json")).stdout).toContain('"value": "good"');
    const one = bucket();
    await addBucket(one);
    await kv("put", one, "k", "v");
    r = await kv("revert", one, "k", "1", "-f");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot revert key in a bucket where history=1");
  });

  it("compact removes the history behind deleted keys", async () => {
    const b = bucket();
    await addBucket(b, "--history", "10");
    for (const v of ["1", "2", "3"]) await kv("put", b, "gone", v);
    await kv("put", b, "kept", "x");
    await kv("del", b, "gone", "-f");
    expect((await jsm.streams.info(`KV_${b}`)).state.messages).toBe(5);
    expect((await kv("compact", b)).code).toBe(2);
    const r = await kv("compact", b, "-f");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Compacted bucket \w+: removed 3 messages/);
    // recent delete markers stay (watchers still see them), their history goes
    expect((await jsm.streams.info(`KV_${b}`)).state.messages).toBe(2);
    expect((await kv("get", b, "kept", "--raw")).stdout).toBe("x");
  });

  it("rm deletes the bucket only with -f when not in a terminal", async () => {
    const b = bucket();
    await addBucket(b);
    let r = await kv("rm", b);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`refusing to delete bucket ${b} without confirmation`);
    expect((await jsm.streams.info(`KV_${b}`)).config.name).toBe(`KV_${b}`);
    r = await kv("rm", b, "-f");
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    await expect(jsm.streams.info(`KV_${b}`)).rejects.toThrow(/stream not found/);
    r = await kv("rm", b, "-f");
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(`Key-Value bucket "${b}" not found`);
  });
});

describe("kv ls", () => {
  it("lists buckets as a table, names or JSON, and a bucket's keys", async () => {
    const b = bucket("LS");
    await addBucket(b, "--description", "listed");
    for (const k of ["users.bob", "users.alice", "config"]) await kv("put", b, k, "v");
    await kv("del", b, "config", "-f");
    const names = await kv("ls", "--names");
    expect(names.stdout.split("\n")).toContain(b);
    const j = JSON.parse((await kv("ls", "--json")).stdout);
    expect(j.find((x: { bucket: string }) => x.bucket === b)).toMatchObject({ bucket: b, description: "listed", values: 3, history: 1 });
    const t = await kv("ls");
    expect(t.stdout).toContain("Key-Value Buckets");
    expect(t.stdout).toMatch(new RegExp(`│ ${b}\\s+│ listed`));
    expect(await kv("ls", b)).toEqual({ code: 0, stdout: "users.alice\nusers.bob\n", stderr: "" });
    expect(JSON.parse((await kv("ls", b, "users.*", "--json")).stdout)).toEqual(["users.alice", "users.bob"]);
    const v = await kv("ls", b, "-v", "--display-value");
    expect(v.stdout).toContain(`Contents for bucket '${b}'`);
    // live keys only, sorted, each with its revision, length and value
    expect(v.stdout.match(/│ (users\.\w+|config)\s+│ [^│]+│ \d+\s+│ 1\s+│ v\s+│/g)?.map((r) => r.split(/\s+/)[1])).toEqual(["users.alice", "users.bob"]);
    const empty = bucket();
    await addBucket(empty);
    const e = await kv("ls", empty);
    expect(e.code).toBe(0);
    expect(e.stdout).toBe("");
    expect(e.stderr).toContain(`No keys found in bucket ${empty}`);
  });
});

describe("kv watch", () => {
  it("--json streams puts and deletes made by another client until Ctrl-C", async () => {
    const b = bucket("W");
    await addBucket(b, "--history", "5");
    await kv("put", b, "existing", "before");
    const watch = startCli(["kv", "watch", b, "--json"], { env });
    await watch.waitFor('"key":"existing"');
    const other = await new Kvm(jetstream(nc)).open(b);
    await other.put("live", "after");
    await other.delete("existing");
    await watch.waitFor('"operation":"DEL"');
    watch.abort();
    const r = await watch.result;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.key, l.operation, l.value ?? null])).toEqual([
      ["existing", "PUT", "before"],
      ["live", "PUT", "after"],
      ["existing", "DEL", null],
    ]);
    expect(lines[1].revision).toBe(2);
  });

  it("sees changes made by another CLI process; --updates skips current values, --no-deletes hides deletes", async () => {
    const b = bucket("W");
    await addBucket(b);
    await kv("put", b, "old", "x");
    const watch = startCli(["kv", "watch", b, "--updates", "--no-deletes"], { env });
    // no output marks readiness in updates-only mode: wait until the watcher's consumer exists
    for (let i = 0; i < 200; i++) {
      if ((await jsm.streams.info(`KV_${b}`)).state.consumer_count > 0) break;
      await new Promise((res) => setTimeout(res, 10));
    }
    expect((await spawnCli(["kv", "put", b, "new", "y"], { env })).code).toBe(0);
    expect((await spawnCli(["kv", "del", b, "new", "-f"], { env })).code).toBe(0);
    expect((await spawnCli(["kv", "put", b, "last", "z"], { env })).code).toBe(0);
    await watch.waitFor(`${b} > last: z`);
    watch.abort();
    const r = await watch.result;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\] PUT ${b} > new: y$`));
    expect(lines[1]).toMatch(new RegExp(`PUT ${b} > last: z$`));
  });

  it("--history replays every revision of matching keys", async () => {
    const b = bucket("W");
    await addBucket(b, "--history", "5");
    for (const v of ["1", "2", "3"]) await kv("put", b, "a.x", v);
    await kv("put", b, "b.y", "other");
    const watch = startCli(["kv", "watch", b, "a.>", "--history"], { env });
    await watch.waitFor(`${b} > a.x: 3`);
    watch.abort();
    const r = await watch.result;
    expect(r.stdout.trim().split("\n").map((l) => l.replace(/^\[[^\]]+\] /, ""))).toEqual([`PUT ${b} > a.x: 1`, `PUT ${b} > a.x: 2`, `PUT ${b} > a.x: 3`]);
  });
});

describe("kv interoperability", () => {
  it("a bucket and keys made by the CLI are a standard KV that another client reads", async () => {
    const b = bucket("IO");
    await addBucket(b, "--history", "3");
    await kv("put", b, "app.name", "natsx");
    await runCli(["kv", "put", b, "app.blob"], { env, stdin: Buffer.from([1, 2, 3]) });
    const si = await jsm.streams.info(`KV_${b}`);
    expect(si.config.subjects).toEqual([`$KV.${b}.>`]);
    const m = await jsm.streams.getMessage(`KV_${b}`, { last_by_subj: `$KV.${b}.app.name` });
    expect(m?.string()).toBe("natsx");
    const blob = await jsm.streams.getMessage(`KV_${b}`, { last_by_subj: `$KV.${b}.app.blob` });
    expect([...blob!.data]).toEqual([1, 2, 3]);
    const other = await new Kvm(nc).open(b);
    expect((await other.get("app.name"))?.string()).toBe("natsx");
    expect((await other.status()).history).toBe(3);
    // and the other way round: a value written by another client is read by the CLI
    await other.put("from.client", "hi");
    expect((await kv("get", b, "from.client", "--raw")).stdout).toBe("hi");
  });
});
