import { describe, expect, it } from "vitest";
import { NoRespondersError, PermissionViolationError } from "@nats-io/nats-core";
import { DEV_SYSTEM_CONTEXT, explain, formatError } from "../../src/errors.js";
import { DEFAULT_NAME, devContextNames } from "../../src/commands/server/run.js";

const timeout = () => Object.assign(new Error("timeout"), { name: "TimeoutError" });

describe("explain(): connect timeouts", () => {
  it("suspects a missing client certificate only when TLS is on without one", () => {
    const tls = explain(timeout(), { phase: "connect", where: "tls://h:1 (from --server)", tlsWithoutCert: true });
    expect(formatError(tls)).toBe("timed out connecting to tls://h:1 (from --server): the server may require a client certificate — pass --tlscert and --tlskey (or NATS_CERT/NATS_KEY); raise --timeout for slow links");
    expect(tls.exitCode).toBe(3);
    const plain = explain(timeout(), { phase: "connect", where: "nats://h:1 (from --server)" });
    expect(plain.message).toBe("timed out connecting to nats://h:1 (from --server)");
    expect(plain.hint).not.toContain("certificate");
  });

  it("a timeout after connecting is exit 5", () => {
    expect(explain(timeout()).exitCode).toBe(5);
  });
});

describe("explain(): questions", () => {
  it("Ctrl-C or Ctrl-D at an @inquirer/prompts question is exit 130, one line", async () => {
    const { ExitPromptError, AbortPromptError } = await import("@inquirer/core");
    for (const e of [new ExitPromptError("User force closed the prompt with SIGINT"), new AbortPromptError()]) {
      const err = explain(e);
      expect(err.exitCode).toBe(130);
      expect(formatError(err)).toBe("interrupted");
    }
  });
});

describe("explain(): the system account", () => {
  const line = "this command needs the system account: connect as a system user (e.g. --context nats_development_system) — `nats server run` starts a local server with one";
  it("no responders or a refused publish on a $SYS subject reads as the one system-account line, with the cause's exit code", () => {
    const nr = explain(new NoRespondersError("$SYS.REQ.SERVER.PING.VARZ"));
    expect([formatError(nr), nr.exitCode]).toEqual([line, 6]);
    const denied = explain(new PermissionViolationError("Permissions Violation for Publish to \"$SYS.REQ.SERVER.PING\"", "publish", "$SYS.REQ.SERVER.PING"));
    expect([formatError(denied), denied.exitCode]).toEqual([line, 9]);
  });

  it("names the system context `nats server run` saves", () => {
    expect(DEV_SYSTEM_CONTEXT).toBe(devContextNames(DEFAULT_NAME).system);
  });

  it("but not on the $SYS requests every account may send, nor on other subjects", () => {
    expect(explain(new NoRespondersError("$SYS.REQ.ACCOUNT.PING.CONNZ")).message).toBe('no responders are available for "$SYS.REQ.ACCOUNT.PING.CONNZ"');
    expect(explain(new NoRespondersError("svc.echo")).message).toBe('no responders are available for "svc.echo"');
    expect(explain(new PermissionViolationError("x", "publish", "orders.new")).message).toBe('permission denied: publish to "orders.new" is not allowed for this user');
  });
});
