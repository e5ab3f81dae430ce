import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { BIN, tempHome, cliError, spawnCli } from "../helpers/run-cli.js";
import { startTcpProxy } from "../helpers/tcp-proxy.js";
import { connect } from "../../src/nats-client.js";

let server: NatsServer;
beforeAll(async () => { server = await startNatsServer({ jetstream: true }); });
afterAll(async () => { await server?.stop(); });

/** A private copy of bin/ and dist/, so a test can break or remove what the build made. */
function copyOfBuild(): { root: string; dist: string; caches: string; run: (args: string[], env?: Record<string, string>) => { status: number | null; stdout: string; stderr: string } } {
  const root = tempHome();
  cpSync(path.dirname(BIN), path.join(root, "bin"), { recursive: true });
  cpSync(path.join(path.dirname(BIN), "..", "dist"), path.join(root, "dist"), { recursive: true });
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [path.join(root, "bin", "nats.cjs"), ...args], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: root, ...env } });
  // the code caches of the Node running the tests (bin/nats.cjs keeps each Node version's apart)
  const caches = path.join(root, "dist", "cache", `${process.version}-${process.arch}`);
  return { root, dist: path.join(root, "dist"), caches, run };
}

/** Every file under dir, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(path.join(dir, f)).isFile()).sort();
}

// bin/nats.cjs runs dist/nats.cjs with a V8 code cache made by a run of the same command; a stale, foreign or
// missing cache, or a dist/ it cannot write, must never break a run.
describe("code-cached start-up", () => {
  it("runs with a corrupt cache, then replaces it with a valid one", () => {
    const { root, caches } = copyOfBuild();
    const cache = path.join(caches, "nats.nats.cache");
    writeFileSync(cache, "not a v8 code cache");
    const run = (env: Record<string, string> = {}) => execFileSync(process.execPath, [path.join(root, "bin", "nats.cjs"), "--version"], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: root, ...env } });
    expect(run()).toBe(`${JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version}\n`);
    expect(statSync(cache).size).toBeGreaterThan(10_000);
    const before = readFileSync(cache);
    expect(run({ NATSX_CODE_CACHE: "off" })).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(readFileSync(cache).equals(before)).toBe(true);
  });

  it("the build made a cache for each one-shot command of the start-up bench, and a default one", () => {
    const { caches } = copyOfBuild();
    const expected = ["nats-lite.publish", "nats-lite.request", "nats-lite.default", "nats.default", "nats.help"];
    // the JetStream ones need a nats-server at build time, which this test run has
    expected.push("nats.subscribe", "nats.stream.ls", "nats.kv.get");
    for (const name of expected) expect(statSync(path.join(caches, `${name}.cache`)).size, name).toBeGreaterThan(10_000);
  });

  it("a command without a cache of its own starts from the default one and writes its own after a successful run only", () => {
    const { caches, run } = copyOfBuild();
    const own = path.join(caches, "nats.stream.ls.cache");
    rmSync(own);
    const defaultCache = readFileSync(path.join(caches, "nats.default.cache"));
    // a failed run (nothing listens there) leaves no cache of its error path
    const refused = run(["stream", "ls", "-s", "nats://127.0.0.1:1"]);
    expect(refused.status).not.toBe(0);
    expect(existsSync(own)).toBe(false);
    // global flags with values before the command, and aliases, name the same command
    const ls = run(["-s", server.url, "str", "list"]);
    expect(ls.stderr).toBe("");
    expect(ls.status).toBe(0);
    expect(statSync(own).size).toBeGreaterThan(10_000);
    expect(readFileSync(path.join(caches, "nats.default.cache")).equals(defaultCache)).toBe(true);
    // and the next run uses it as it is
    const written = readFileSync(own);
    expect(run(["stream", "ls", "--server", server.url]).status).toBe(0);
    expect(readFileSync(own).equals(written)).toBe(true);
  });

  it("keeps each Node version's caches apart: another version's are neither used nor replaced", () => {
    const { dist, caches, run } = copyOfBuild();
    const foreign = path.join(dist, "cache", "v0.0.1-foreign");
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, "nats-lite.publish.cache"), "made by another node");
    rmSync(path.join(caches, "nats-lite.publish.cache"));
    const pub = run(["pub", "-s", server.url, "versions.x", "y"]);
    expect(pub.status).toBe(0);
    expect(statSync(path.join(caches, "nats-lite.publish.cache")).size).toBeGreaterThan(10_000);
    expect(readFileSync(path.join(foreign, "nats-lite.publish.cache"), "utf8")).toBe("made by another node");
  });

  it("runs from a dist/ it cannot write, and writes nothing there", () => {
    const { dist, caches, run } = copyOfBuild();
    rmSync(path.join(caches, "nats-lite.publish.cache"));
    rmSync(path.join(caches, "nats.stream.ls.cache"));
    // as root, permission bits do not stop a write: a file where the cache directory should be does
    rmSync(path.join(dist, "cache"), { recursive: true });
    writeFileSync(path.join(dist, "cache"), "");
    const before = filesUnder(dist);
    chmodSync(dist, 0o555);
    try {
      const pub = run(["pub", "-s", server.url, "readonly.x", "hello"]);
      expect(pub.stderr).toMatch(/^\d\d:\d\d:\d\d Published 5 bytes to "readonly\.x"\n$/);
      expect(pub.status).toBe(0);
      const ls = run(["stream", "ls", "-s", server.url]);
      expect(ls.status).toBe(0);
      expect(filesUnder(dist)).toEqual(before);
    } finally {
      chmodSync(dist, 0o755);
    }
  });

  it("names the command without dist/route.txt too (one cache for every command then)", () => {
    const { dist, caches, run } = copyOfBuild();
    rmSync(path.join(dist, "route.txt"));
    const pub = run(["pub", "-s", server.url, "noroute.x", "y"]);
    expect(pub.status).toBe(0);
    const ls = run(["stream", "ls", "-s", server.url]);
    expect(ls.status).toBe(0);
    expect(existsSync(path.join(caches, "nats.nats.cache"))).toBe(true);
  });

  it("says in one line how to rebuild when the bundle is missing", () => {
    const { dist, run } = copyOfBuild();
    rmSync(path.join(dist, "nats.cjs"));
    const r = run(["--version"]);
    expect(r.stderr).toMatch(cliError(/^.*nats\.cjs is missing — run `npm run build` in .*\n$/));
    expect(r.status).toBe(1);
  });
});

// `nats pub` and `nats req` run from dist/nats-lite.cjs; everything else, and help, from dist/nats.cjs.
describe("lite bundle", () => {
  it("runs `pub` and `req`, and writes its own cache when it has none", () => {
    const { caches, run } = copyOfBuild();
    rmSync(path.join(caches, "nats-lite.publish.cache"));
    const fullCache = readFileSync(path.join(caches, "nats.default.cache"));
    const pub = run(["pub", "-s", server.url, "lite.x", "hello"]);
    expect(pub.stderr).toMatch(/^\d\d:\d\d:\d\d Published 5 bytes to "lite\.x"\n$/);
    expect(pub.status).toBe(0);
    expect(statSync(path.join(caches, "nats-lite.publish.cache")).size).toBeGreaterThan(10_000);
    expect(readFileSync(path.join(caches, "nats.default.cache")).equals(fullCache)).toBe(true);
    const req = run(["request", "--server", server.url, "--timeout", "1s", "lite.nobody", "x"]);
    expect(req.stderr).toContain("no responders");
    expect(req.status).toBe(6);
  });

  it("hands an invocation that only mentions `pub` to the full bundle", () => {
    const { caches, run } = copyOfBuild();
    const before = filesUnder(caches);
    // "pub" here is a context name: the lite bundle declines, and does not save a cache for a run it did not make
    const r = run(["context", "info", "pub"]);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(cliError(/^.*"pub"/));
    expect(r.status).toBe(7);
    expect(filesUnder(caches)).toEqual(before);
    // help always comes from the full bundle, which knows every command
    const help = run(["pub", "--help"]);
    expect(help.stdout).toContain("Usage: nats publish|pub");
    expect(help.status).toBe(0);
  });

  it("falls back to the full bundle when the lite one is missing", () => {
    const { dist, run } = copyOfBuild();
    rmSync(path.join(dist, "nats-lite.cjs"));
    const r = run(["pub", "-s", server.url, "lite.y", "abc"]);
    expect(r.stderr).toMatch(/Published 3 bytes to "lite\.y"/);
    expect(r.status).toBe(0);
  });
});

// Each round trip to the server is start-up time for a one-shot command. A reply proves what a flush's PONG proves
// (the server read the connection up to the request), so commands that got their reply close without one more.
describe("the closing round trip", () => {
  /** What `nats ARGS` sent the server, through a proxy, and its result. */
  async function sentBy(args: string[]): Promise<{ code: number; stdout: string; stderr: string; sent: string }> {
    const proxy = await startTcpProxy(server.port);
    try {
      const r = await spawnCli([...args, "-s", proxy.url]);
      // the proxy may still be forwarding the last bytes of a connection the client has closed
      await new Promise((res) => setTimeout(res, 50));
      return { ...r, sent: proxy.sent().toString("latin1") };
    } finally {
      await proxy.close();
    }
  }
  const pings = (sent: string) => sent.split("\r\n").filter((l) => l === "PING").length;

  it("req, kv get and stream ls send one PING only (the connect's), and still print what they got", async () => {
    const nc = await connect({ servers: server.url });
    try {
      nc.subscribe("closing.req", { callback: (_e, m) => { m.respond("pong-body"); } });
      await nc.flush();
      await runOk(["kv", "add", "CLOSING"]);
      await runOk(["kv", "put", "CLOSING", "k", "the-value"]);
      await runOk(["stream", "add", "CLOSING_S", "--subjects", "closing.s.>", "--defaults"]);
      const req = await sentBy(["req", "closing.req", "x", "--raw"]);
      expect(req.stdout).toBe("pong-body\n");
      const get = await sentBy(["kv", "get", "CLOSING", "k", "--raw"]);
      expect(get.stdout).toBe("the-value");
      const ls = await sentBy(["stream", "ls", "--names"]);
      expect(ls.stdout).toMatch(/^CLOSING_S$/m);
      for (const r of [req, get, ls]) {
        expect(r.code).toBe(0);
        expect(pings(r.sent)).toBe(1);
      }
    } finally {
      await nc.close();
    }
  });

  it("sub --count 1 still drains: when it exits, the server no longer has its subscription", async () => {
    const nc = await connect({ servers: server.url });
    const ticker = setInterval(() => nc.publish("closing.tick", "tick"), 5);
    try {
      const sub = await sentBy(["sub", "--count", "1", "closing.tick", "--raw"]);
      expect(sub.code).toBe(0);
      expect(sub.stdout).toBe("tick\n");
      // the drain's PING follows the UNSUB; closing may add one more PING (timing), which proves no less
      expect(sub.sent).toMatch(/UNSUB 1\r\n(PING\r\n)+$/);
    } finally {
      clearInterval(ticker);
      await nc.close();
    }
  });

  it("pub still flushes before it exits: its message is on the server when it reports success", async () => {
    const r = await sentBy(["pub", "closing.pub", "body"]);
    expect(r.code).toBe(0);
    expect(r.sent).toMatch(/PUB closing\.pub 4\r\nbody\r\nPING\r\n$/);
  });

  async function runOk(args: string[]): Promise<void> {
    const r = await spawnCli([...args, "-s", server.url]);
    expect(r.code, r.stderr).toBe(0);
  }
});
