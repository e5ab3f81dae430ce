import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { BIN, tempHome, cliError } from "../helpers/run-cli.js";

let server: NatsServer;
beforeAll(async () => { server = await startNatsServer(); });
afterAll(async () => { await server?.stop(); });

/** A private copy of bin/ and dist/, so a test can break or remove what the build made. */
function copyOfBuild(): { root: string; dist: string; run: (args: string[], env?: Record<string, string>) => { status: number | null; stdout: string; stderr: string } } {
  const root = tempHome();
  cpSync(path.dirname(BIN), path.join(root, "bin"), { recursive: true });
  cpSync(path.join(path.dirname(BIN), "..", "dist"), path.join(root, "dist"), { recursive: true });
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [path.join(root, "bin", "nats.cjs"), ...args], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: root, ...env } });
  return { root, dist: path.join(root, "dist"), run };
}

// bin/nats.cjs runs dist/nats.cjs with a V8 code cache; a stale or foreign cache must never break a run.
describe("code-cached start-up", () => {
  it("runs with a corrupt cache, then replaces it with a valid one", () => {
    const { root, dist } = copyOfBuild();
    const cache = path.join(dist, "nats.cjs.cache");
    writeFileSync(cache, "not a v8 code cache");
    const run = (env: Record<string, string> = {}) => execFileSync(process.execPath, [path.join(root, "bin", "nats.cjs"), "--version"], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: root, ...env } });
    expect(run()).toBe(`${JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version}\n`);
    expect(statSync(cache).size).toBeGreaterThan(10_000);
    const before = readFileSync(cache);
    expect(run({ NATSX_CODE_CACHE: "off" })).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(readFileSync(cache).equals(before)).toBe(true);
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
    const { dist, run } = copyOfBuild();
    rmSync(path.join(dist, "nats-lite.cjs.cache"));
    const fullCache = readFileSync(path.join(dist, "nats.cjs.cache"));
    const pub = run(["pub", "-s", server.url, "lite.x", "hello"]);
    expect(pub.stderr).toMatch(/^\d\d:\d\d:\d\d Published 5 bytes to "lite\.x"\n$/);
    expect(pub.status).toBe(0);
    expect(statSync(path.join(dist, "nats-lite.cjs.cache")).size).toBeGreaterThan(10_000);
    expect(readFileSync(path.join(dist, "nats.cjs.cache")).equals(fullCache)).toBe(true);
    const req = run(["request", "--server", server.url, "--timeout", "1s", "lite.nobody", "x"]);
    expect(req.stderr).toContain("no responders");
    expect(req.status).toBe(6);
  });

  it("hands an invocation that only mentions `pub` to the full bundle", () => {
    const { dist, run } = copyOfBuild();
    rmSync(path.join(dist, "nats-lite.cjs.cache"));
    // "pub" here is a context name: the lite bundle declines, and does not save a cache for a run it did not make
    const r = run(["context", "info", "pub"]);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(cliError(/^.*"pub"/));
    expect(r.status).toBe(7);
    expect(existsSync(path.join(dist, "nats-lite.cjs.cache"))).toBe(false);
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
