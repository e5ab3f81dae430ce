import { describe, expect, it } from "vitest";
import { explain, formatError } from "../../src/errors.js";

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
