import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { expect, it } from "vitest";
import { natsServerBin } from "../helpers/nats-server.js";
import { runCli, startCli, tempHome, cliError } from "../helpers/run-cli.js";

it("server run starts a throwaway JetStream server, selects a context for it and cleans up on Ctrl-C", async () => {
  const home = tempHome();
  const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), NATS_SERVER_BIN: natsServerBin() };
  const cli = startCli(["server", "run", "--jetstream", "--port", "0", "--context", "local"], { env });
  await cli.waitFor(/^nats:\/\/127\.0\.0\.1:\d+\n/);
  await cli.waitFor("Press Ctrl-C", { stream: "err" });
  const url = cli.stdout().trim();
  const storeDir = /with JetStream in (\S+)/.exec(cli.stderr())![1]!;
  expect(existsSync(storeDir)).toBe(true);
  expect(cli.stderr()).toMatch(/^\d\d:\d\d:\d\d Started nats-server \S+ \(pid \d+\) on nats:\/\/127\.0\.0\.1:\d+ with JetStream/m);
  expect(cli.stderr()).toMatch(/Context "local" now points at it and is selected/);
  const ctx = JSON.parse(readFileSync(path.join(home, ".config", "nats", "context", "local.json"), "utf8"));
  expect(ctx.url).toBe(url);
  expect(readFileSync(path.join(home, ".config", "nats", "context.txt"), "utf8").trim()).toBe("local");
  // The selected context reaches the new server, JetStream included.
  const status = await runCli(["server", "status", "--require-jetstream"], { env });
  expect(status.code).toBe(0);
  expect(status.stdout).toContain(`Address: ${new URL(url).host}`);
  cli.abort();
  const r = await cli.result;
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/Stopped nats-server and removed its data\n$/);
  expect(existsSync(path.dirname(storeDir))).toBe(false);
  const after = await runCli(["pub", "x", "y", "--timeout", "1s"], { env });
  expect(after.code).toBe(3);
});

it("server run without a nats-server binary says how to install one", async () => {
  const r = await runCli(["server", "run"], { env: { NATS_SERVER_BIN: "/nonexistent/nats-server" } });
  expect(r.code).toBe(7);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(cliError(/^no nats-server binary found \(looked for "\/nonexistent\/nats-server" from NATS_SERVER_BIN\) — install one: `apt-get install nats-server`.*NATS_SERVER_BIN at the binary\n$/));
});

it("server run reports a busy port in one line", async () => {
  const first = startCli(["server", "run", "--port", "0"], { env: { NATS_SERVER_BIN: natsServerBin() } });
  await first.waitFor(/^nats:\/\/127\.0\.0\.1:\d+\n/);
  const port = new URL(first.stdout().trim()).port;
  const second = await runCli(["server", "run", "--port", port], { env: { NATS_SERVER_BIN: natsServerBin() } });
  expect(second.code).toBe(1);
  expect(second.stderr).toMatch(cliError(/^nats-server exited with code 1: .*address already in use.* — another server uses that port/));
  first.abort();
  expect((await first.result).code).toBe(0);
});

it("the real bin stops the server on SIGINT and exits 0 (needs `npm run build`)", async () => {
  const { spawn } = await import("node:child_process");
  const { BIN } = await import("../helpers/run-cli.js");
  const home = tempHome();
  const child = spawn(process.execPath, [BIN, "server", "run", "--port", "0"], {
    env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), NO_COLOR: "1", NATS_SERVER_BIN: natsServerBin() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => { out += String(d); });
  child.stderr.on("data", (d) => { err += String(d); });
  const closed = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  for (let i = 0; i < 500 && !/Press Ctrl-C/.test(err); i++) await new Promise((r) => setTimeout(r, 20));
  const serverPid = Number(/\(pid (\d+)\)/.exec(err)?.[1]);
  expect(out).toMatch(/^nats:\/\/127\.0\.0\.1:\d+\n$/);
  child.kill("SIGINT");
  expect(await closed).toBe(0);
  expect(err).toMatch(/Stopped nats-server and removed its data/);
  expect(() => process.kill(serverPid, 0)).toThrow(); // the nats-server process is gone
});
