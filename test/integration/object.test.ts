import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { Base64UrlPaddedCodec, Objm } from "@nats-io/obj";
import { BIN, runCli, startCli, cliError, withoutControls } from "../helpers/run-cli.js";
import { scratchDir } from "../helpers/scratch.js";
import { serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { waitUntil } from "../helpers/wait.js";

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
let env: Record<string, string>;
let dir: string;
let n = 0;
const bucket = (p = "O") => `${p}${++n}`;
const obj = (...args: string[]) => runCli(["object", ...args], { env, cwd: dir });
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  env = { NATS_URL: server.url };
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  dir = mkdtempSync(path.join(tmpdir(), "natsx-obj-"));
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function addBucket(name: string, ...flags: string[]): Promise<void> {
  const r = await obj("add", name, ...flags);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

/** Writes a file in the CLI's working directory and returns its path relative to it (`put` stores that path). */
function file(name: string, data: Buffer | string): string {
  writeFileSync(path.join(dir, name), data);
  return name;
}

describe("object add / info / ls", () => {
  it("creates a standard object store stream and shows its status", async () => {
    const b = bucket();
    const r = await obj("add", b, "--description", "files", "--ttl", "1d", "--max-bucket-size", "100MB");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Information for Object Store Bucket ${b} created`);
    expect(r.stdout).toMatch(/ TTL: 1d0h0m0s\n/);
    const si = await jsm.streams.info(`OBJ_${b}`);
    expect(si.config).toMatchObject({ subjects: [`$O.${b}.C.>`, `$O.${b}.M.>`], description: "files", max_age: 86400 * 1e9, max_bytes: 100 * 1024 * 1024, allow_rollup_hdrs: true, allow_direct: true, discard: "new" });
    const j = JSON.parse((await obj("info", b, "--json")).stdout);
    expect(j).toMatchObject({ bucket: b, description: "files", sealed: false, size: 0 });
    const bad = await obj("add", "a/b");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid bucket name "a/b": "/" is not allowed');
  });

  it.skipIf(serverAtLeast("2.10.0"))("refuses --compress on a 2.9 server", async () => {
    const r = await obj("add", bucket(), "--compress");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--compress requires NATS Server 2.10.0 or newer");
  });

  it("lists buckets and objects; missing buckets are exit 7 naming the bucket", async () => {
    const b = bucket("LS");
    await addBucket(b);
    await obj("put", b, file("one.txt", "1"));
    await obj("put", b, file("two.txt", "22"));
    expect((await obj("ls", "--names")).stdout.split("\n")).toContain(b);
    const buckets = JSON.parse((await obj("ls", "--json")).stdout);
    expect(buckets.find((x: { bucket: string }) => x.bucket === b)).toMatchObject({ bucket: b, sealed: false });
    expect(await obj("ls", b, "--names")).toEqual({ code: 0, stdout: "one.txt\ntwo.txt\n", stderr: "" });
    const objs = JSON.parse((await obj("ls", b, "--json")).stdout);
    expect(objs.map((o: { name: string; size: number }) => [o.name, o.size])).toEqual([["one.txt", 1], ["two.txt", 2]]);
    const t = await obj("ls", b);
    expect(t.stdout).toContain("Bucket Contents");
    expect(t.stdout).toMatch(/│ two\.txt\s+│ 2 B\s+│/);
    const missing = await obj("ls", "NoBucket");
    expect(missing.code).toBe(7);
    expect(missing.stderr).toBe(cliError('Object Store bucket "NoBucket" not found — `nats object ls` lists them\n'));
    const empty = bucket();
    await addBucket(empty);
    const e = await obj("ls", empty);
    expect(e).toMatchObject({ code: 0, stdout: "" });
    expect(e.stderr).toContain("No entries found");
  });
});

describe("object put / get", () => {
  it("round-trips a 20 MB file in many chunks with the same SHA-256, written atomically", async () => {
    const b = bucket("BIG");
    await addBucket(b);
    const data = randomBytes(20 * 1024 * 1024);
    const src = file("big.bin", data);
    const put = await runCli(["obj", "put", b, src], { env, cwd: dir });
    expect(put.code).toBe(0);
    expect(put.stdout).toContain(`Object information for ${b} > big.bin`);
    expect(put.stderr).toMatch(/Stored 20\.0 MiB in \w+ > big\.bin/);
    const info = JSON.parse((await obj("info", b, "big.bin", "--json")).stdout);
    expect(info).toMatchObject({ name: "big.bin", size: data.length, chunks: 160, deleted: false });
    expect(info.digest).toBe(`SHA-256=${createHash("sha256").update(data).digest("base64url")}=`);
    const get = await obj("get", b, "big.bin", "-O", "copy.bin");
    expect(get.code).toBe(0);
    expect(get.stdout).toBe("");
    expect(get.stderr).toMatch(new RegExp(`Wrote: 20\\.0 MiB to ${path.join(dir, "copy.bin").replace(/[.]/g, "\\.")} in `));
    expect(sha(readFileSync(path.join(dir, "copy.bin")))).toBe(sha(data));
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // an existing output file is kept unless -f
    const again = await obj("get", b, "big.bin", "-O", "copy.bin");
    expect(again.code).toBe(8);
    expect(again.stderr).toContain("already exists — pass -f to overwrite it");
    expect((await obj("get", b, "big.bin", "-O", "copy.bin", "-f")).code).toBe(0);
  });

  it("-O - writes to stdout, and put reads stdin with --name", async () => {
    const b = bucket();
    await addBucket(b);
    const text = randomBytes(600 * 1024).toString("base64");
    const put = await runCli(["obj", "put", b, "-", "--name", "notes/today.txt", "--description", "piped"], { env, stdin: text, cwd: dir });
    expect(put.code).toBe(0);
    const get = await obj("get", b, "notes/today.txt", "-O", "-");
    expect(get.code).toBe(0);
    expect(get.stdout).toBe(text);
    expect(get.stderr).toMatch(/Wrote: .* to stdout/);
    const noName = await runCli(["obj", "put", b], { env, stdin: "x" });
    expect(noName.code).toBe(2);
    expect(noName.stderr).toBe(cliError("--name is required when reading from stdin\n"));
  });

  it("keeps an existing object unless -f, and replaces it with -f", async () => {
    const b = bucket();
    await addBucket(b);
    await obj("put", b, file("doc.txt", "version one"));
    const again = await obj("put", b, file("doc.txt", "version two"));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`refusing to replace existing object ${b} > doc.txt without confirmation`);
    expect((await obj("get", b, "doc.txt", "-O", "-")).stdout).toBe("version one");
    expect((await obj("put", b, "doc.txt", "-f")).code).toBe(0);
    expect((await obj("get", b, "doc.txt", "-O", "-")).stdout).toBe("version two");
  });

  it("verifies the checksum: a corrupt object fails and no output file is left", async () => {
    const b = bucket();
    await addBucket(b);
    await obj("put", b, file("victim.bin", randomBytes(300 * 1024)));
    const metaSubj = `$O.${b}.M.${Base64UrlPaddedCodec.encode("victim.bin")}`;
    const meta = (await jsm.streams.getMessage(`OBJ_${b}`, { last_by_subj: metaSubj }))!.json<Record<string, unknown>>();
    meta.digest = `SHA-256=${createHash("sha256").update("something else").digest("base64url")}=`;
    await jetstream(nc).publish(metaSubj, JSON.stringify(meta));
    const r = await obj("get", b, "victim.bin", "-O", "victim.out");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^received a corrupt object \w+ > victim\.bin: SHA-256 [0-9a-f]{64} does not match SHA-256=.* — nothing was written\n$/));
    expect(existsSync(path.join(dir, "victim.out"))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes("victim.out"))).toEqual([]);
  });

  it("Ctrl-C during a put from stdin stops at once, exits 130 and leaves no partial chunks", async () => {
    const b = bucket();
    await addBucket(b);
    const run = startCli(["obj", "put", b, "-", "--name", "stream.bin"], { env, keepStdinOpen: true });
    run.stdin.write(randomBytes(1024 * 1024));
    // wait until chunks have reached the server, then interrupt while stdin is still open
    await waitUntil(async () => (await jsm.streams.info(`OBJ_${b}`)).state.messages > 0, "the first chunks in the bucket's stream");
    run.abort();
    const r = await run.result;
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(cliError("interrupted: the object was not stored\n"));
    expect((await jsm.streams.info(`OBJ_${b}`)).state.messages).toBe(0);
  });

  it("missing objects and files are clear errors", async () => {
    const b = bucket();
    await addBucket(b);
    let r = await obj("get", b, "nothing");
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(`object "nothing" not found in bucket "${b}"`);
    r = await obj("put", b, "/no/such/file");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError("file not found: /no/such/file\n"));
    r = await obj("get", "NoBucket", "x");
    expect(r.code).toBe(7);
    expect(r.stderr).toContain('Object Store bucket "NoBucket" not found');
  });

  it("draws a progress bar only when stderr is a terminal", async () => {
    const b = bucket();
    await addBucket(b);
    const src = file("bar.bin", randomBytes(400 * 1024));
    const tty = await runCli(["obj", "put", b, src], { env, cwd: dir, tty: { err: true } });
    expect(tty.code).toBe(0);
    expect(withoutControls(tty.stderr)).toMatch(/Putting bar\.bin \[=+\] 100% 400\.0 KiB\/400\.0 KiB [\d.]+ [KMG]?i?B\/s in [\d.]+m?s\n/);
    const plain = await obj("get", b, "bar.bin", "-O", "bar.out");
    expect(plain.stderr).not.toMatch(/\x1b|Getting/);
    const quiet = await runCli(["obj", "get", b, "bar.bin", "-O", "bar.out2", "--no-progress"], { env, cwd: dir, tty: { err: true } });
    expect(quiet.stderr).not.toMatch(/\x1b|Getting/);
  });
});

describe("object rm / seal / watch", () => {
  it("rm deletes an object or, with -f, the bucket", async () => {
    const b = bucket();
    await addBucket(b);
    await obj("put", b, file("a.txt", "a"));
    let r = await obj("rm", b, "a.txt");
    expect(r.code).toBe(2);
    r = await obj("rm", b, "a.txt", "-f");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Removed ${b} > a.txt`);
    expect((await obj("get", b, "a.txt")).code).toBe(7);
    expect((await obj("ls", b, "--names")).stdout).toBe("");
    expect((await obj("del", b)).code).toBe(2);
    expect((await obj("del", b, "-f")).code).toBe(0);
    await expect(jsm.streams.info(`OBJ_${b}`)).rejects.toThrow(/stream not found/);
  });

  it("seal makes the bucket read-only", async () => {
    const b = bucket();
    await addBucket(b);
    await obj("put", b, file("keep.txt", "kept"));
    expect((await obj("seal", b)).code).toBe(2);
    const r = await obj("seal", b, "-f");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${b} has been sealed`);
    expect(JSON.parse((await obj("info", b, "--json")).stdout).sealed).toBe(true);
    const put = await obj("put", b, file("new.txt", "x"));
    expect(put.code).toBe(1);
    expect(put.stderr).toContain("sealed");
    expect((await obj("get", b, "keep.txt", "-O", "-")).stdout).toBe("kept");
  });

  it("watch --json sees puts and deletes made by another client", async () => {
    const b = bucket("W");
    await addBucket(b);
    await obj("put", b, file("first.txt", "1"));
    const watch = startCli(["obj", "watch", b, "--json"], { env });
    await watch.waitFor('"name":"first.txt"');
    const os = await new Objm(nc).open(b);
    await os.putBlob({ name: "second.txt" }, new TextEncoder().encode("22"));
    await os.delete("first.txt");
    await watch.waitFor('"deleted":true');
    watch.abort();
    const r = await watch.result;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.name, l.size, l.deleted])).toEqual([["first.txt", 1, false], ["second.txt", 2, false], ["first.txt", 0, true]]);
  });

  it("watch prints natscli's lines", async () => {
    const b = bucket("W");
    await addBucket(b);
    await obj("put", b, file("x.txt", "xyz"));
    const watch = startCli(["obj", "watch", b], { env });
    await watch.waitFor(`PUT ${b} > x.txt: 3 bytes in 1 chunks`);
    watch.abort();
    expect((await watch.result).code).toBe(0);
  });
});

describe("object interoperability", () => {
  it("objects stored by the CLI are read by another client and vice versa", async () => {
    const b = bucket("IO");
    await addBucket(b);
    const data = randomBytes(1024 * 1024 + 7);
    await obj("put", b, file("shared.bin", data));
    const os = await new Objm(nc).open(b);
    expect(Buffer.from((await os.getBlob("shared.bin"))!).equals(data)).toBe(true);
    const text = "written by another client\n".repeat(10_000);
    await os.putBlob({ name: "theirs.txt" }, new TextEncoder().encode(text));
    expect((await obj("get", b, "theirs.txt", "-O", "-")).stdout).toBe(text);
  });
});

// The NATS docs' Object Store walkthrough (nats-concepts/jetstream/object-store/obj_walkthrough.md), typed
// into a real shell as the docs show it: `put` keys the object by the path as given (the shell has made
// ~ absolute), and `get`/`info`/`rm` take that same path, as with natscli.
describe("the NATS docs' Object Store walkthrough", () => {
  it("works verbatim: add, put ~/Movies/NATS-logo.mov, put --name, ls, get, get --output, info, rm", async () => {
    const home = scratchDir("natsx-docs-home-");
    const work = scratchDir("natsx-docs-cwd-");
    const binDir = scratchDir("natsx-docs-bin-");
    symlinkSync(BIN, path.join(binDir, "nats"));
    mkdirSync(path.join(home, "Movies"));
    const movie = randomBytes(300 * 1024 + 11);
    const moviePath = path.join(home, "Movies", "NATS-logo.mov");
    writeFileSync(moviePath, movie);
    const sh = (line: string) => spawnSync("bash", ["-c", line], {
      cwd: work,
      encoding: "buffer",
      env: { PATH: `${binDir}:${process.env.PATH}`, HOME: home, TMPDIR: process.env.TMPDIR, NATS_URL: server.url, NO_COLOR: "1" },
    });
    const ok = (line: string) => {
      const r = sh(line);
      expect(r.stderr.toString(), line).not.toContain(cliError("").trimEnd());
      expect(r.status, `${line}\n${r.stderr.toString()}`).toBe(0);
      return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), raw: r.stdout };
    };

    expect(ok("nats object add myobjbucket").stdout).toMatch(/Bucket Name: myobjbucket/);
    expect(ok("nats object put myobjbucket ~/Movies/NATS-logo.mov").stdout).toContain(`Object information for myobjbucket > ${moviePath}\n`);
    expect(ok("nats object put --name /Movies/NATS-logo.mov myobjbucket ~/Movies/NATS-logo.mov").stdout).toContain("Object information for myobjbucket > /Movies/NATS-logo.mov\n");
    const ls = ok("nats object ls myobjbucket").stdout;
    expect(ls).toMatch(new RegExp(`│ ${moviePath.replace(/[.]/g, "\\.")}\\s+│ 300\\.0 KiB`));
    expect(ls).toMatch(/│ \/Movies\/NATS-logo\.mov\s+│ 300\.0 KiB/);

    // stdout is a pipe here: the object still goes to a file named after it in the current directory
    const get = ok("nats object get myobjbucket ~/Movies/NATS-logo.mov");
    expect(get.raw.length).toBe(0);
    expect(get.stderr).toMatch(new RegExp(`Wrote: 300\\.0 KiB to ${path.join(work, "NATS-logo.mov").replace(/[.]/g, "\\.")} in `));
    expect(readFileSync(path.join(work, "NATS-logo.mov")).equals(movie)).toBe(true);
    // the docs write to /temp/Movies; the same form, into a directory of this test
    mkdirSync(path.join(work, "temp", "Movies"), { recursive: true });
    ok("nats object get myobjbucket --output temp/Movies/NATS-logo.mov /Movies/NATS-logo.mov");
    expect(readFileSync(path.join(work, "temp", "Movies", "NATS-logo.mov")).equals(movie)).toBe(true);

    const info = ok("nats object info myobjbucket ~/Movies/NATS-logo.mov").stdout;
    expect(info).toContain(`Object information for myobjbucket > ${moviePath}\n`);
    expect(info).toMatch(/Size: 300\.0 KiB\n/);
    // rm asks on a terminal, as in the docs ("? Delete … Yes"); the shell's ~ expansion done by hand
    const rm = await runCli(["object", "rm", "myobjbucket", moviePath], { env: { NATS_URL: server.url }, stdin: "y\n", tty: { in: true, out: true } });
    expect(rm.code).toBe(0);
    // the question is wrapped at the terminal width (100 columns here)
    expect(withoutControls(rm.stdout).replace(/\n/g, "")).toContain(`✔ Delete 300.0 KiB file myobjbucket > ${moviePath}? Yes`);
    expect(rm.stderr).toContain(`Removed myobjbucket > ${moviePath}`);
    expect(ok("nats object ls myobjbucket --names").stdout).toBe("/Movies/NATS-logo.mov\n");
    expect(ok("nats object info myobjbucket").stdout).toMatch(/Bucket Name: myobjbucket/);
    // and without a terminal, -f deletes the bucket (natsx refuses to guess a yes)
    ok("nats object rm myobjbucket -f");
  });
});

describe("object get: where the bytes go", () => {
  it("without -O writes the object's base name in the current directory, never to stdout", async () => {
    const b = bucket("OUT");
    await addBucket(b);
    const data = randomBytes(50 * 1024);
    writeFileSync(path.join(dir, "nested-src.bin"), data);
    expect((await obj("put", b, "./nested-src.bin", "--name", "a/b/c.bin")).code).toBe(0);
    const r = await obj("get", b, "a/b/c.bin");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(path.join(dir, "c.bin")).equals(data)).toBe(true);
    // the name as put stored it, or the path it came from cleaned as put cleans it
    expect((await obj("put", b, "./nested-src.bin")).code).toBe(0);
    expect((await obj("ls", b, "--names")).stdout).toBe("a/b/c.bin\nnested-src.bin\n");
    expect((await obj("info", b, "./nested-src.bin")).stdout).toContain(`Object information for ${b} > nested-src.bin`);
    // -O naming a directory puts the base name inside it
    mkdirSync(path.join(dir, "into"));
    expect((await obj("get", b, "a/b/c.bin", "-O", "into")).code).toBe(0);
    expect(readFileSync(path.join(dir, "into", "c.bin")).equals(data)).toBe(true);
  });

  it("a bad --output names the path given, not the temp file, and leaves nothing behind", async () => {
    const b = bucket("BAD");
    await addBucket(b);
    await obj("put", b, file("bad.bin", "data"));
    const missing = await obj("get", b, "bad.bin", "-O", "no/such/dir/out.bin");
    expect(missing).toEqual({ code: 2, stdout: "", stderr: cliError("cannot write no/such/dir/out.bin: directory no/such/dir does not exist — create it first, or choose another path with -O\n") });
    writeFileSync(path.join(dir, "plainfile"), "x");
    const notDir = await obj("get", b, "bad.bin", "--output", "plainfile/out.bin");
    expect(notDir).toEqual({ code: 2, stdout: "", stderr: cliError("cannot write plainfile/out.bin: a part of plainfile is not a directory — choose another path with -O\n") });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
