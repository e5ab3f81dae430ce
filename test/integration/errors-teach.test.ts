import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliError, runCli, spawnCli } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// Errors that teach (issue 18, item 6): a command that needs the system account says so in one line, with how to get
// a system user, whether the server answered "no responders" (the user's account is not the system account) or
// refused the request (a permissions violation); a mistyped flag names the nearest one without repeating its value.

const NEEDS_SYSTEM = "this command needs the system account: connect as a system user (e.g. --context nats_development_system) — `nats server run` starts a local server with one\n";

// a plain server (what `nats-server -js` starts): one global account, no system user reachable
let plain: NatsServer;
// accounts with a system account; APP's user may not publish to $SYS at all
let accounts: NatsServer;
const APP = ["--user", "app", "--password", "app-pass"];
const SYS = ["--user", "sys", "--password", "sys-pass"];

beforeAll(async () => {
  [plain, accounts] = await Promise.all([
    startNatsServer({ jetstream: true }),
    startNatsServer({
      config: `accounts: {
  SYS: { users: [{ user: sys, password: sys-pass }] }
  APP: { users: [{ user: app, password: app-pass, permissions: { publish: { deny: ["$SYS.>"] } } }] }
}
system_account: SYS
`,
    }),
  ]);
});
afterAll(async () => {
  await plain?.stop();
  await accounts?.stop();
});

// the commands that ask the servers through $SYS: one scatter-gather, one request to a single server, the JSZ and
// VARZ endpoints, an account-wide one, and the replica checks
const SYSTEM_COMMANDS = [
  ["server", "list"], ["server", "ping"], ["server", "info"], ["server", "report", "jetstream"], ["server", "report", "health"],
  ["server", "request", "variables"], ["server", "account", "info", "APP"], ["server", "stream-check"], ["server", "cluster", "step-down"],
];

describe("a command that needs the system account", () => {
  it("says so, and how to get one, when the server has no system user for this connection (no responders: exit 6)", async () => {
    for (const args of SYSTEM_COMMANDS) {
      const r = await runCli([...args, "-s", plain.url]);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, args.join(" ")).toEqual({ code: 6, stdout: "", stderr: cliError(NEEDS_SYSTEM) });
    }
  });

  it("says the same at once when the server refuses the $SYS request (permissions violation: exit 9)", async () => {
    for (const args of [["server", "list"], ["server", "info"], ["server", "report", "jetstream"]]) {
      const t0 = performance.now();
      const r = await runCli([...args, "-s", accounts.url, ...APP, "--timeout", "10s"]);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, args.join(" ")).toEqual({ code: 9, stdout: "", stderr: cliError(NEEDS_SYSTEM) });
      // the refusal ends the wait: it does not sit out --timeout
      expect(performance.now() - t0, args.join(" ")).toBeLessThan(8000);
    }
    // a user of the system account gets the answer
    const ok = await runCli(["server", "list", "-s", accounts.url, ...SYS, "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toHaveLength(1);
  });

  it("top names its other way, the monitoring port", async () => {
    const r = await runCli(["top", "--once", "-s", plain.url]);
    expect(r).toEqual({ code: 6, stdout: "", stderr: cliError("this command needs the system account: connect as a system user (e.g. --context nats_development_system), or read the server's HTTP monitoring port with --monitor URL — `nats server run` starts a local server with one\n") });
  });

  it("the live views of $SYS say so before drawing an empty table for ever", async () => {
    for (const view of ["servers", "jetstream", "accounts"]) {
      const r = await runCli(["server", "watch", view, "-s", plain.url], { tty: { out: true } });
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, view).toEqual({ code: 6, stdout: "", stderr: cliError(NEEDS_SYSTEM) });
    }
  });

  it("through the real bin: one line, exit 6", async () => {
    const r = await spawnCli(["server", "info", "-s", plain.url]);
    expect(r).toEqual({ code: 6, stdout: "", stderr: cliError(NEEDS_SYSTEM) });
  });
});

describe("a mistyped flag", () => {
  it("names the nearest flag of the command, its groups or the global ones, case and `=value` aside (exit 2)", async () => {
    const cases: [string[], string][] = [
      [["stream", "ls", "--nmes"], "unknown option '--nmes' — did you mean --names?"],
      [["stream", "ls", "--JSON"], "unknown option '--JSON' — did you mean --json?"],
      [["kv", "get", "B", "k", "--rwa"], "unknown option '--rwa' — did you mean --raw?"],
      [["stream", "ls", "--servr", "nats://127.0.0.1:1"], "unknown option '--servr' — did you mean --server?"],
      [["--contxt", "x", "stream", "ls"], "unknown option '--contxt' — did you mean --context?"],
      [["server", "check", "kv", "--formt", "json"], "unknown option '--formt' — did you mean --format?"],
      [["stream", "ls", "--bogus"], "unknown option '--bogus'"],
    ];
    for (const [args, text] of cases) {
      const r = await runCli(args);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, args.join(" ")).toEqual({ code: 2, stdout: "", stderr: cliError(`${text}\n`) });
    }
  });

  it("never repeats a value given with `=`: it may be a password", async () => {
    const r = await spawnCli(["pub", "x", "y", "--pasword=hunter2"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: cliError("unknown option '--pasword' — did you mean --password?\n") });
  });
});
