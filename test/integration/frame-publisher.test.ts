import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { connect, headers } from "../../src/nats-client.js";
import { MessageFrames } from "../../src/messaging/frame-publisher.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { BIN, cliError, spawnCliBackground } from "../helpers/run-cli.js";
import { startTcpProxy } from "../helpers/tcp-proxy.js";

// Issue 15 item 3: the framing publisher's bytes on the wire are exactly what publish() sends, and a server
// killed mid-publish never ends in a success exit.

const MAX = 4096;
let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer({ config: `max_payload: ${MAX}\n`, monitor: true });
});
afterAll(async () => {
  await server?.stop();
});

/** The PUB/HPUB frames of a recorded client stream, with their payloads, in order (CONNECT, PING, SUB… dropped). */
function pubFrames(stream: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < stream.length) {
    const eol = stream.indexOf("\r\n", at);
    if (eol < 0) throw new Error(`truncated protocol line at ${at}`);
    const line = stream.subarray(at, eol).toString("latin1");
    const op = line.split(" ")[0]!.toUpperCase();
    let end = eol + 2;
    if (op === "PUB" || op === "HPUB") {
      const size = Number(line.split(" ").at(-1));
      end = eol + 2 + size + 2;
      expect(stream.subarray(end - 2, end).toString("latin1")).toBe("\r\n");
      out.push(stream.subarray(at, end));
    }
    at = end;
  }
  return Buffer.concat(out);
}

interface Case { subject: string; data: Uint8Array; headers?: MsgHdrs; reply?: string }

function cases(): Case[] {
  const h = headers();
  h.set("X-Id", "1");
  h.append("X-Id", "two");
  h.set("Content-Type", "text/plain");
  const hdrBytes = (h as MsgHdrs & { encode(): Uint8Array }).encode().length;
  const full = new Uint8Array(MAX).fill(7);
  const fullWithHeaders = new Uint8Array(MAX - hdrBytes).fill(8);
  const out: Case[] = [
    { subject: "frames.a", data: new Uint8Array(0) },
    { subject: "frames.a", data: Buffer.from("hello") },
    { subject: "frames.a", data: Buffer.from("with reply"), reply: "frames.reply" },
    { subject: "frames.b", data: Buffer.from("with headers"), headers: h },
    { subject: "frames.b", data: Buffer.from("both"), headers: h, reply: "_INBOX.x.y" },
    { subject: "frames.b", data: new Uint8Array(0), headers: h },
    { subject: "frames.max", data: full },
    { subject: "frames.max", data: fullWithHeaders, headers: h },
    { subject: "frames.ütf8.ß", data: Buffer.from("ünïcödé ✓") },
  ];
  // enough of them, and of every size, to cross many chunk boundaries
  for (let i = 0; i < 300; i++) out.push({ subject: `frames.many.${i % 7}`, data: new Uint8Array(i * 13 % MAX).fill(i & 0xff), reply: i % 5 === 0 ? "r.x" : undefined, headers: i % 11 === 0 ? h : undefined });
  return out;
}

async function capture(fn: (nc: NatsConnection) => Promise<void>): Promise<Buffer> {
  const proxy = await startTcpProxy(server.port);
  const nc = await connect({ servers: proxy.url });
  try {
    await fn(nc);
    await nc.flush();
  } finally {
    await nc.close();
    await proxy.close();
  }
  return pubFrames(proxy.sent());
}

describe("framing publisher", () => {
  it("writes byte for byte what publish() writes: headers, replies, empty and max_payload bodies, UTF-8 subjects, across chunk boundaries", async () => {
    const list = cases();
    const viaPublish = await capture(async (nc) => {
      for (const c of list) nc.publish(c.subject, c.data, { headers: c.headers, reply: c.reply });
    });
    // small chunks and few of them: chunks rotate, wait for their flush, and max_payload messages take the large path
    for (const chunkSize of [1024, 64 * 1024]) {
      const viaFrames = await capture(async (nc) => {
        const f = new MessageFrames(nc, { chunkSize, slots: 2 });
        for (const c of list) {
          const w = f.send(c);
          if (w) await w;
        }
        await f.publisher.flush();
        expect(f.publisher.sent).toBe(list.length);
        expect(f.publisher.confirmed).toBe(list.length);
      });
      expect(viaFrames.length).toBeGreaterThan(list.length * 10);
      expect(viaFrames.equals(viaPublish)).toBe(true);
    }
  });

  it("frames stdin lines as publish() would each line (\\r\\n endings, empty lines, long lines)", async () => {
    const lines = ["one", "", "two\r", "x".repeat(3000), "ünï", "last"];
    const text = Buffer.from(`${lines.join("\n")}\n`);
    const viaPublish = await capture(async (nc) => {
      for (const l of lines) nc.publish("frames.lines", Buffer.from(l.endsWith("\r") ? l.slice(0, -1) : l), { reply: "r" });
    });
    const viaFrames = await capture(async (nc) => {
      const f = new MessageFrames(nc, { chunkSize: 1024, slots: 2 });
      const r = f.lines({ subject: "frames.lines", reply: "r" }, text, 0);
      const done = r instanceof Promise ? await r : r;
      expect(done.msgs).toBe(lines.length);
      await f.publisher.flush();
    });
    expect(viaFrames.equals(viaPublish)).toBe(true);
  });

  it("frames stdin lines with headers (HPUB, pub -H --send-on newline) as publish() would, lengths of every digit count", async () => {
    const h = headers();
    h.set("X-Batch", "7");
    // payload lengths 0..120 and back: one, two and three digits, with the header bytes counted in
    const lines = [...Array.from({ length: 121 }, (_, i) => "y".repeat(i)), ...Array.from({ length: 121 }, (_, i) => "z".repeat(120 - i))];
    const text = Buffer.from(`${lines.join("\n")}\n`);
    const viaPublish = await capture(async (nc) => {
      for (const l of lines) nc.publish("frames.hlines", Buffer.from(l), { headers: h });
    });
    const viaFrames = await capture(async (nc) => {
      const f = new MessageFrames(nc, { chunkSize: 1024, slots: 2 });
      const r = f.lines({ subject: "frames.hlines", headers: h }, text, 0);
      const done = r instanceof Promise ? await r : r;
      expect(done.msgs).toBe(lines.length);
      await f.publisher.flush();
    });
    expect(viaFrames.equals(viaPublish)).toBe(true);
  });

  it("repeats one message as publish() would, and nc.stats() counts what it sent", async () => {
    const data = new Uint8Array(16).fill(1);
    const viaPublish = await capture(async (nc) => {
      for (let i = 0; i < 5000; i++) nc.publish("frames.rep", data);
    });
    const viaFrames = await capture(async (nc) => {
      const f = new MessageFrames(nc, { chunkSize: 1000, slots: 3 });
      await f.publisher.repeat(f.publisher.prefix("frames.rep"), data, 5000);
      await f.publisher.flush();
      expect(nc.stats().outMsgs).toBe(5000);
      expect(nc.stats().outBytes).toBe(5000 * 16);
    });
    expect(viaFrames.equals(viaPublish)).toBe(true);
  });

  it("refuses a message over max_payload before sending it, and subjects publish() would refuse", async () => {
    const nc = await connect({ servers: server.url });
    try {
      const f = new MessageFrames(nc);
      expect(() => f.send({ subject: "frames.big", data: new Uint8Array(MAX + 1) })).toThrow(/message 1 is 4,097 bytes, larger than the server's max_payload of 4,096 bytes/);
      expect(() => f.send({ subject: "bad subject", data: new Uint8Array(1) })).toThrow(/invalid subject/);
      expect(() => f.send({ subject: "", data: new Uint8Array(1) })).toThrow(/invalid subject/);
      expect(f.publisher.sent).toBe(0);
    } finally {
      await nc.close();
    }
  });
});

describe("pub --send-on newline from a file", () => {
  it("publishes every line of a file given as stdin (read 1 MiB at a time), in order, then exits 0", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "natsx-lines-"));
    const N = 150_000;
    const lines = Array.from({ length: N }, (_, i) => `line-${i}-${"x".repeat(i % 17)}`);
    const file = path.join(dir, "lines.txt");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const nc = await connect({ servers: server.url });
    const got: string[] = [];
    nc.subscribe("file.lines", { callback: (_e, m) => { got.push(m.string()); } });
    await nc.flush();
    const fd = openSync(file, "r");
    try {
      const code = await new Promise<number | null>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
        delete env.NODE_EXTRA_CA_CERTS;
        const child = spawn(process.execPath, [BIN, "-s", server.url, "pub", "file.lines", "--send-on", "newline", "-q"], { stdio: [fd, "ignore", "inherit"], env });
        child.on("close", resolve);
      });
      expect(code).toBe(0);
      // pub flushed before it exited: the server has routed every line to us ahead of this flush's PONG
      await nc.flush();
      expect(got.length).toBe(N);
      expect(got).toEqual(lines);
    } finally {
      closeSync(fd);
      await nc.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("pub --send-on newline: every line byte for byte", () => {
  // A file is read 1 MiB at a time into one buffer (src/util/stdin.ts fileLineChunks) and framed 256 KiB at a time;
  // a pipe is read as a stream. Both must hand the server exactly the lines: bytes that are not UTF-8, "\r" inside
  // a line, CRLF endings (the "\r" dropped, as Go's ScanLines), empty lines, lines cut by a read, a line longer
  // than the read buffer and the frame chunk, and a last line without "\n".
  let big: NatsServer;
  beforeAll(async () => {
    big = await startNatsServer({ config: "max_payload: 4194304\n", monitor: true });
  });
  afterAll(async () => {
    await big?.stop();
  });

  function input(): { bytes: Buffer; lines: Buffer[] } {
    const lines: Buffer[] = [];
    const raw: Buffer[] = [];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 60_000; i++) {
      let line: Buffer;
      if (i % 997 === 0) line = Buffer.alloc(0);
      else if (i % 331 === 0) line = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80, 0x41]); // not UTF-8
      else if (i % 101 === 0) line = Buffer.from(`mid\rline ${i}`); // a "\r" that does not end the line is kept
      else {
        // any byte but "\n" and "{" (no "{{": a line with one is a template), and not "\r" last (that one is an ending)
        line = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => { const b = Math.floor(rnd() * 256); return b === 10 || b === 0x7b ? b + 1 : b; }));
        if (line[line.length - 1] === 13) line[line.length - 1] = 14;
      }
      if (i === 30_000) line = Buffer.alloc(3 * 1024 * 1024 + 17, 0x61); // longer than the read buffer and a frame chunk
      lines.push(line);
      raw.push(line, Buffer.from(i % 7 === 0 ? "\r\n" : "\n"));
    }
    const last = Buffer.from("last line, no newline \xff");
    lines.push(last);
    raw.push(last);
    return { bytes: Buffer.concat(raw), lines };
  }

  for (const via of ["file", "pipe"] as const) {
    it(`from a ${via}: the server counts exactly one message per line, each payload the line's bytes`, async () => {
      const { bytes, lines } = input();
      expect(bytes.length).toBeGreaterThan(4 * 1024 * 1024); // several reads
      const dir = mkdtempSync(path.join(tmpdir(), "natsx-lines-"));
      const file = path.join(dir, "lines.bin");
      writeFileSync(file, bytes);
      const varz = async () => (await (await fetch(`${big.monitorUrl}/varz`)).json()) as { in_msgs: number };
      const nc = await connect({ servers: big.url });
      const got: Buffer[] = [];
      nc.subscribe(`bytes.${via}`, { callback: (_e, m) => { got.push(Buffer.from(m.data)); } });
      await nc.flush();
      const before = (await varz()).in_msgs;
      const fd = via === "file" ? openSync(file, "r") : undefined;
      try {
        const code = await new Promise<number | null>((resolve) => {
          const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
          delete env.NODE_EXTRA_CA_CERTS;
          const child = spawn(process.execPath, [BIN, "-s", big.url, "pub", `bytes.${via}`, "--send-on", "newline", "-q"], { stdio: [fd ?? "pipe", "ignore", "inherit"], env });
          if (fd === undefined) child.stdin!.end(bytes);
          child.on("close", resolve);
        });
        expect(code).toBe(0);
        await nc.flush();
        expect((await varz()).in_msgs - before).toBe(lines.length);
        expect(got.length).toBe(lines.length);
        const wrong = got.findIndex((g, i) => !g.equals(lines[i]!));
        expect(wrong, `line ${wrong}`).toBe(-1);
      } finally {
        if (fd !== undefined) closeSync(fd);
        await nc.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("a server killed mid-publish", () => {
  for (const [what, args] of [
    ["pub --count", (subj: string) => ["pub", subj, "payload", "--count", "200000000", "-q"]],
    ["bench pub", (subj: string) => ["bench", "pub", subj, "--msgs", "200000000", "--size", "16", "--no-progress"]],
  ] as const) {
    it(`never ends \`${what}\` with a success exit: exit 3 and how many the server confirmed`, async () => {
      const victim = await startNatsServer({ monitor: true });
      try {
        const run = spawnCliBackground(["-s", victim.url, ...args("killed.x")], { timeoutMs: 60_000 });
        // kill it once the publisher is well under way
        for (let i = 0; ; i++) {
          const varz = (await (await fetch(`${victim.monitorUrl}/varz`)).json()) as { in_msgs: number };
          if (varz.in_msgs > 200_000) break;
          if (i > 1000) throw new Error(`the publisher never got going: ${run.stderr()}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        await victim.kill();
        const r = await run.result;
        expect(r.code).toBe(3);
        expect(r.stderr).toMatch(cliError(/the connection was lost while publishing: the server confirmed [\d,]+ of the [\d,]+ messages sent/));
      } finally {
        await victim.stop();
      }
    });
  }
});
